import Foundation
import Testing
import SpecwrightStore
@testable import SpecwrightServer

/// A database for follow-up writes that can go away and come back.
final class SwitchableSink: FollowUpSink, @unchecked Sendable {
    private let lock = NSLock()
    private var down = false
    private var failure: (any Error)?
    private var stored: [String] = []
    private var tries = 0
    /// Deliveries each event makes.
    let deliveries: Int

    init(deliveries: Int = 1) { self.deliveries = deliveries }

    var written: [String] { lock.withLock { stored } }
    var attempts: Int { lock.withLock { tries } }
    func setDown(_ value: Bool) { lock.withLock { down = value } }
    func failNext(with error: any Error) { lock.withLock { failure = error } }

    private var keys: Set<String> = []
    /// When set, a write that fails as unavailable has landed all the same (a timeout after the
    /// database took it).
    private var landsWhenDown = false

    func setLandsWhenDown(_ value: Bool) { lock.withLock { landsWhenDown = value } }

    /// Whether the write was new (a repeated key is taken once).
    private func take(_ label: String, key: String) throws -> Bool {
        try lock.withLock {
            tries += 1
            if let failure {
                self.failure = nil
                throw failure
            }
            if down {
                if landsWhenDown, keys.insert(key).inserted { stored.append(label) }
                throw StoreError.unavailable("the database did not answer within 3 seconds")
            }
            guard keys.insert(key).inserted else { return false }
            stored.append(label)
            return true
        }
    }

    func audit(_ entry: AuditRecord, key: String) async throws { _ = try take(entry.action, key: key) }
    func enqueueEvent(_ event: String, payload: Data, at time: Date, key: String) async throws -> Int {
        try take(event, key: key) ? deliveries : 0
    }
}

@Suite("Follow-up writes through a database outage")
struct FollowUpWriterTests {
    static func entry(_ action: String) -> AuditRecord {
        AuditRecord(user: "ada", action: action, target: nil, address: nil, outcome: "201")
    }

    /// Waits (up to 30 s: parallel tests can hold up a task for seconds) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<3000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func writesGoStraightToAnAvailableDatabase() async {
        let sink = SwitchableSink()
        let writer = FollowUpWriter(sink: sink)
        await writer.audit(Self.entry("POST /a"))
        await writer.queueEvent("spec.created", payload: Data("{}".utf8), at: Date())
        #expect(sink.written == ["POST /a", "spec.created"])
        #expect(writer.pendingCount == 0)
        #expect(writer.eventQueued.take())
    }

    @Test func writesTheDatabaseCannotTakeAreKeptInOrderAndWrittenWhenItIsBack() async {
        let sink = SwitchableSink()
        let writer = FollowUpWriter(sink: sink, retryInterval: .milliseconds(20))
        sink.setDown(true)
        await writer.audit(Self.entry("POST /1"))
        await writer.queueEvent("revision.created", payload: Data("{}".utf8), at: Date())
        await writer.audit(Self.entry("POST /2"))
        #expect(writer.pendingCount == 3)
        #expect(sink.written.isEmpty)
        #expect(!writer.eventQueued.isRaised)
        // Only the first write tried the database; the others queued behind it at once (a
        // request does not wait out another deadline), and the drain keeps retrying meanwhile.
        try? await Task.sleep(for: .milliseconds(100))
        #expect(writer.pendingCount == 3)
        sink.setDown(false)
        #expect(await Self.eventually { writer.pendingCount == 0 })
        #expect(sink.written == ["POST /1", "revision.created", "POST /2"])
        #expect(writer.eventQueued.take())
        // Once drained, writes go straight through again.
        await writer.audit(Self.entry("POST /3"))
        #expect(sink.written.last == "POST /3")
        #expect(writer.pendingCount == 0)
    }

    @Test func aWriteThatTimedOutButLandedIsNotWrittenTwice() async {
        let sink = SwitchableSink()
        let writer = FollowUpWriter(sink: sink, retryInterval: .milliseconds(20))
        sink.setDown(true)
        sink.setLandsWhenDown(true)
        await writer.audit(Self.entry("POST /slow"))
        #expect(writer.pendingCount == 1)
        sink.setDown(false)
        #expect(await Self.eventually { writer.pendingCount == 0 })
        #expect(sink.written == ["POST /slow"])
        #expect(sink.attempts >= 2)
    }

    @Test func otherFailuresAreLoggedNotKept() async {
        let sink = SwitchableSink()
        let writer = FollowUpWriter(sink: sink)
        sink.failNext(with: StoreError.conflict("no such webhook"))
        await writer.audit(Self.entry("POST /refused"))
        #expect(writer.pendingCount == 0)
        #expect(sink.written.isEmpty)
        await writer.audit(Self.entry("POST /next"))
        #expect(sink.written == ["POST /next"])
    }

    @Test func keepsAtMostItsCapacity() async {
        let sink = SwitchableSink()
        let writer = FollowUpWriter(sink: sink, capacity: 3, retryInterval: .milliseconds(20))
        sink.setDown(true)
        for number in 1...5 {
            await writer.audit(Self.entry("POST /\(number)"))
        }
        #expect(writer.pendingCount == 3)
        sink.setDown(false)
        #expect(await Self.eventually { writer.pendingCount == 0 })
        #expect(sink.written == ["POST /1", "POST /2", "POST /3"])
    }

    @Test func finishingWaitsForTheDrain() async {
        let sink = SwitchableSink()
        let writer = FollowUpWriter(sink: sink, retryInterval: .milliseconds(20))
        sink.setDown(true)
        await writer.audit(Self.entry("POST /late"))
        sink.setDown(false)
        // The drain is between retries: finishing waits for it (the limit is generous because
        // parallel tests can hold up this task for seconds).
        await writer.finish(within: .seconds(60))
        #expect(sink.written == ["POST /late"])

        // A database that never returns: finishing gives up at its limit.
        let gone = SwitchableSink()
        let stranded = FollowUpWriter(sink: gone, retryInterval: .milliseconds(20))
        gone.setDown(true)
        await stranded.audit(Self.entry("POST /lost"))
        await stranded.finish(within: .milliseconds(200))
        #expect(stranded.pendingCount == 1)
    }
}
