import Foundation
import Testing
import SpecwrightStore
@testable import SpecwrightServer

/// A database for follow-up writes that can go away and come back, and that (like the real ones)
/// takes each idempotency key once.
final class SwitchableFollowUpStore: FollowUpStore, @unchecked Sendable {
    private let lock = NSLock()
    private var down = false
    private var landsWhenDown = false
    private var keys: Set<String> = []
    private var stored: [String] = []
    private var batches: [Int] = []

    /// What was written, in order (audit actions and event names).
    var written: [String] { lock.withLock { stored } }
    /// The size of each batch tried.
    var batchSizes: [Int] { lock.withLock { batches } }
    func setDown(_ value: Bool) { lock.withLock { down = value } }
    /// While down, writes land all the same (a timeout after the database took them).
    func setLandsWhenDown(_ value: Bool) { lock.withLock { landsWhenDown = value } }

    func writeFollowUps(_ followUps: [FollowUp]) async throws -> Int {
        try lock.withLock {
            batches.append(followUps.count)
            if followUps.contains(where: { $0.label.contains("POST /poison") }) { throw StoreError.conflict("a value the database refuses") }
            if down && !landsWhenDown { throw StoreError.unavailable("connection refused") }
            var deliveries = 0
            for followUp in followUps where keys.insert(followUp.key).inserted {
                switch followUp.kind {
                case .audit(let entry): stored.append(entry.action)
                case .event(let event, _, _):
                    stored.append(event)
                    deliveries += 1
                }
            }
            if down { throw StoreError.unavailable("the database did not answer within 3 seconds") }
            return deliveries
        }
    }
}

@Suite("Follow-up writes: behind the request, in order, through a database outage")
struct FollowUpWriterTests {
    static func entry(_ action: String) -> AuditRecord {
        AuditRecord(user: "ada", action: action, target: nil, address: nil, outcome: "201")
    }

    @Test func writesAreHandedOverAndWrittenInOrder() async {
        let store = SwitchableFollowUpStore()
        let writer = FollowUpWriter(store: store)
        writer.audit(Self.entry("POST /a"))
        writer.queueEvent("spec.created", payload: Data("{}".utf8), at: Date())
        writer.audit(Self.entry("POST /b"))
        #expect(await writer.flush(within: .seconds(30)))
        #expect(store.written == ["POST /a", "spec.created", "POST /b"])
        #expect(writer.pendingCount == 0)
        #expect(writer.eventQueued.take())
        // At most three round trips for three writes; fewer when they gathered into one batch.
        #expect(store.batchSizes.reduce(0, +) == 3)
    }

    @Test func writesTheDatabaseCannotTakeAreKeptAndWrittenWhenItIsBack() async {
        let store = SwitchableFollowUpStore()
        let writer = FollowUpWriter(store: store, retryInterval: .milliseconds(20))
        store.setDown(true)
        writer.audit(Self.entry("POST /1"))
        writer.queueEvent("revision.created", payload: Data("{}".utf8), at: Date())
        writer.audit(Self.entry("POST /2"))
        #expect(await writer.flush(within: .milliseconds(200)) == false)
        #expect(writer.pendingCount == 3)
        #expect(store.written.isEmpty)
        #expect(!writer.eventQueued.isRaised)
        store.setDown(false)
        #expect(await writer.flush(within: .seconds(30)))
        #expect(store.written == ["POST /1", "revision.created", "POST /2"])
        #expect(writer.eventQueued.take())
        writer.audit(Self.entry("POST /3"))
        #expect(await writer.flush(within: .seconds(30)))
        #expect(store.written.last == "POST /3")
    }

    @Test func aBatchThatTimedOutButLandedIsNotWrittenTwice() async {
        let store = SwitchableFollowUpStore()
        let writer = FollowUpWriter(store: store, retryInterval: .milliseconds(20))
        store.setDown(true)
        store.setLandsWhenDown(true)
        writer.audit(Self.entry("POST /slow"))
        writer.queueEvent("spec.created", payload: Data("{}".utf8), at: Date())
        try? await Task.sleep(for: .milliseconds(100))
        store.setDown(false)
        #expect(await writer.flush(within: .seconds(30)))
        #expect(store.written == ["POST /slow", "spec.created"])
        #expect(store.batchSizes.count >= 2)
    }

    @Test func aWriteTheDatabaseRefusesCostsOnlyItself() async {
        let store = SwitchableFollowUpStore()
        let writer = FollowUpWriter(store: store, retryInterval: .milliseconds(20))
        store.setDown(true)
        for action in ["POST /1", "POST /poison", "POST /3"] {
            writer.audit(Self.entry(action))
        }
        store.setDown(false)
        #expect(await writer.flush(within: .seconds(30)))
        #expect(store.written == ["POST /1", "POST /3"])
        #expect(writer.pendingCount == 0)
    }

    @Test func keepsAtMostItsCapacity() async {
        let store = SwitchableFollowUpStore()
        let writer = FollowUpWriter(store: store, capacity: 3, retryInterval: .milliseconds(20))
        store.setDown(true)
        for number in 1...5 {
            writer.audit(Self.entry("POST /\(number)"))
        }
        #expect(writer.pendingCount == 3)
        store.setDown(false)
        #expect(await writer.flush(within: .seconds(30)))
        #expect(store.written == ["POST /1", "POST /2", "POST /3"])
    }

    @Test func finishingWaitsForTheDatabaseThenGivesUp() async {
        let store = SwitchableFollowUpStore()
        let writer = FollowUpWriter(store: store, retryInterval: .milliseconds(20))
        writer.audit(Self.entry("POST /late"))
        await writer.finish(within: .seconds(30))
        #expect(store.written == ["POST /late"])

        let gone = SwitchableFollowUpStore()
        let stranded = FollowUpWriter(store: gone, retryInterval: .milliseconds(20))
        gone.setDown(true)
        stranded.audit(Self.entry("POST /lost"))
        await stranded.finish(within: .milliseconds(200))
        #expect(stranded.pendingCount == 1)
    }
}
