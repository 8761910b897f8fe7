import Foundation
import Testing

@testable import SpecwrightCore

/// The one edit workflow every front end calls: a session over a spec's bytes, an operation, and
/// the destination that saves the result only if nobody changed the stored text meanwhile.
@Suite("Spec operations")
struct SpecSessionTests {
    static let environment = SpecEnvironment(checker: Checker(catalog: .builtin), today: { "2026-02-01" })

    static func session(_ bytes: [UInt8] = TestSupport.generated("feature-spec")) -> SpecSession {
        SpecSession(bytes: bytes, path: "specs/payment-retries.md", environment: environment)
    }

    /// A destination that keeps what it was asked to save, and can refuse like a stale If-Match.
    final class Recorder: SpecSaving, @unchecked Sendable {
        var saved: [(bytes: [UInt8], original: [UInt8], summary: String)] = []
        var refuse = false

        func save(_ spec: SpecSession, replacing original: [UInt8], summary: String) throws -> Int {
            if refuse { throw SpecwrightError.changedOnDisk(path: "stored") }
            saved.append((spec.bytes, original, summary))
            return saved.count
        }
    }

    @Test("perform applies the operation, records it, and saves the new text through the destination")
    func performSaves() async throws {
        let session = Self.session()
        let destination = Recorder()
        let outcome = try await session.perform(.tick(item: "Security review completed", checked: true), by: "Grace", saving: destination)
        #expect(outcome.receipt == 1)
        #expect(outcome.change.changed && outcome.change.summary == "Ticked: Security review completed")
        #expect(destination.saved.count == 1)
        #expect(destination.saved[0].original == session.bytes)
        #expect(destination.saved[0].bytes == outcome.change.after.bytes)
        #expect(destination.saved[0].summary == "Ticked: Security review completed")
        // The bookkeeping every recorded change gets: next version, today, a change-log row.
        #expect(outcome.change.after.version == "0.2")
        #expect(outcome.change.after.text.contains("- [x] Security review completed"))
        #expect(outcome.change.after.text.contains("| 2026-02-01 | 0.2 | Grace | Ticked: Security review completed |"))
        #expect(outcome.change.before.bytes == session.bytes)
    }

    @Test("an operation that changes nothing saves nothing")
    func unchangedSavesNothing() async throws {
        let destination = Recorder()
        let outcome = try await Self.session().perform(.tick(item: "Security review completed", checked: false), by: "Grace", saving: destination)
        #expect(!outcome.change.changed && outcome.receipt == nil && destination.saved.isEmpty)
        #expect(outcome.change.summary == "'Security review completed' is already unticked")
    }

    @Test("a refused transition saves nothing and lists the unmet gates with one message")
    func refusedTransition() async throws {
        let destination = Recorder()
        let outcome = try await Self.session().perform(.transition(to: "in_review", reason: nil, force: false), by: "Grace", saving: destination)
        let refusal = try #require(outcome.change.refusal)
        #expect(destination.saved.isEmpty && !outcome.change.changed && outcome.receipt == nil)
        #expect(refusal.target == "IN_REVIEW")
        #expect(refusal.message == "cannot move to IN_REVIEW: \(refusal.unmet.count) unmet gates")
        #expect(refusal.unmet.count > 10)
        #expect(Set(refusal.unmet.map(\.gate)) == ["review.no-placeholders"])
        #expect(outcome.change.summary == refusal.message)
    }

    @Test("a destination's refusal reaches the caller; errors carry their kind and name no flag")
    func errors() async throws {
        let destination = Recorder()
        destination.refuse = true
        await #expect(throws: SpecwrightError.changedOnDisk(path: "stored")) {
            _ = try await Self.session().perform(.addChangeLogEntry("Note", reason: nil), by: "Grace", saving: destination)
        }
        #expect(SpecwrightError.changedOnDisk(path: "x").kind == .preconditionFailed)
        let session = Self.session()
        #expect(throws: SpecwrightError.missingInput(.reason, "moving back to DRAFT needs a reason")) {
            _ = try Self.session(TestSupport.replacing("**Document Status**: DRAFT", with: "**Document Status**: IN_REVIEW", in: session.bytes))
                .apply(.transition(to: "DRAFT", reason: nil, force: false), by: "Grace")
        }
        #expect(SpecwrightError.missingInput(.reason, "").kind == .conflict)
        #expect(throws: SpecwrightError.notFound("specs/payment-retries.md: no checklist item matches 'Launch party'")) {
            _ = try session.apply(.tick(item: "Launch party", checked: true), by: "Grace")
        }
        #expect(SpecwrightError.notFound("").kind == .notFound)
        #expect(throws: SpecwrightError.unknownTemplate(name: "nope", known: ["feature-spec", "system-design"])) {
            _ = try Self.environment.newSpec(title: "X", template: "nope", author: "Grace")
        }
        #expect(SpecwrightError.unknownTemplate(name: "", known: []).kind == .invalid)
        #expect(SpecwrightError.invalid("").kind == .invalid && SpecwrightError.conflict("").kind == .conflict)
        #expect(SpecwrightError.unreadable(path: "", reason: "").kind == .inputOutput && SpecwrightError.writeFailed(path: "", reason: "").kind == .inputOutput)
    }

    @Test("a file destination writes atomically and refuses when the file changed on disk")
    func fileDestination() async throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(folder) }
        let url = folder.appendingPathComponent("spec.md")
        try Data(TestSupport.generated("feature-spec")).write(to: url)
        let file = SpecFile(url: url, displayPath: "spec.md")
        let session = try SpecSession(file, environment: Self.environment)
        #expect(session.spec.path == "spec.md")
        let outcome = try await session.perform(.addChangeLogEntry("Reviewed the plan", reason: "kickoff"), by: "Grace", saving: file)
        #expect(try [UInt8](Data(contentsOf: url)) == outcome.change.after.bytes)

        // The old session's text is no longer on disk: saving from it is refused and writes nothing.
        let current = try [UInt8](Data(contentsOf: url))
        await #expect(throws: SpecwrightError.changedOnDisk(path: url.path)) {
            _ = try await session.perform(.tick(item: "Security review completed", checked: true), by: "Grace", saving: file)
        }
        #expect(try [UInt8](Data(contentsOf: url)) == current)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["spec.md"])
    }

    @Test("an unreadable file is an error naming it")
    func unreadableFile() throws {
        #expect(throws: SpecwrightError.unreadable(path: "nowhere/spec.md", reason: "no such file")) {
            _ = try SpecSession(SpecFile(path: "nowhere/spec.md"), environment: Self.environment)
        }
    }

    @Test("lifecycle: the status, each allowed move with its gates, and the sign-offs")
    func lifecycle() throws {
        let draft = try Self.session().lifecycle()
        #expect(draft.template == "feature-spec" && draft.status == "DRAFT" && draft.resolvedStatus == "DRAFT")
        #expect(draft.statuses == ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"])
        #expect(draft.moves.map(\.target) == ["IN_REVIEW"])
        #expect(draft.moves[0].stage == .review && !draft.moves[0].isReady && !draft.moves[0].needsReason)
        #expect(draft.moves[0].unmet == Self.environment.gates.unmetGates(for: Self.session().spec, target: .review))
        #expect(draft.signOffs.isEmpty)

        let review = try Self.session(TestSupport.replacing("**Document Status**: DRAFT", with: "**Document Status**: IN_REVIEW", in: Self.session().bytes)).lifecycle()
        #expect(review.moves.map(\.target) == ["APPROVED", "DRAFT"])
        #expect(review.moves[1].needsReason && review.moves[1].unmet.isEmpty && !review.moves[1].isReady)

        let signed = try Self.session().apply(.signOff(role: "Technical Lead", name: "Grace"), by: "Grace").after
        let state = try signed.lifecycle()
        #expect(state.signOffs.map(\.role) == ["Technical Lead"] && state.signOffs.allSatisfy(\.isValid))
        #expect(signed.signature == NormativeContent.signature(of: signed.spec))
        #expect(state.contentHash == NormativeContent.hash(of: signed.spec))
    }

    @Test("a role the sign-off table has keeps the table's spelling; a stale sign-off is called stale")
    func signOffSpellingAndStaleness() throws {
        let signed = try Self.session().apply(.signOff(role: "Technical Lead", name: "Grace"), by: "Grace").after
        let again = try signed.apply(.signOff(role: "technical lead", name: "Ada"), by: "Ada")
        #expect(again.summary.hasPrefix("Signed off: Technical Lead (Ada), signature sha256:"))
        #expect(try again.after.lifecycle().signOffs.map(\.role) == ["Technical Lead"])
        let edited = Self.session(TestSupport.replacing("### Purpose\n", with: "### Purpose\n\nA late change.\n", in: signed.bytes))
        let unmet = Self.environment.gates.unmetGates(for: edited.spec, target: .approved).filter { $0.gate == "approved.signoffs" }
        #expect(unmet.map(\.message) == ["no valid sign-off: the sign-off by Technical Lead is stale (the spec changed after signing)"])
    }

    @Test("a spec without a template has no lifecycle (a conflict, not a crash)")
    func noLifecycle() {
        let note = Self.session(Array("# A note\n\nText.\n".utf8))
        #expect(note.template == nil)
        #expect(throws: SpecwrightError.conflict("specs/payment-retries.md: its template has no status field with alternatives, so it has no lifecycle")) {
            _ = try note.lifecycle()
        }
        #expect(note.stage(of: "APPROVED") == nil)
        #expect(Self.session().stage(of: "approved") == .approved)
    }

    @Test("section findings, the change log and new specs come from the session and its environment")
    func readsAndNewSpecs() throws {
        let session = Self.session()
        let findings = try session.findings(inSection: ["Overview"])
        #expect(!findings.isEmpty)
        let overview = try #require(session.spec.outline.sections.first { $0.title == "Overview" })
        #expect(findings.allSatisfy { overview.range.contains($0.range!.start.offset) })
        #expect(try session.changeLog() == [["2026-01-15", "0.1", "Ada Lovelace", "Initial draft", "New feature"]])

        let new = try Self.environment.newSpec(title: "Payment Retries", template: nil, author: "Ada Lovelace")
        #expect(new.template == SpecEnvironment.defaultTemplateName && new.slug == "payment-retries")
        #expect(new.bytes == TestSupport.generated("feature-spec", date: "2026-02-01"))
        #expect(try Self.environment.newSpec(title: "!!!", template: "system-design", author: "A").slug.isEmpty)
        let strict = try Self.environment.checking(against: "system-design")
        #expect(strict.checker.explicitTemplate == "system-design")
        #expect(SpecSession(bytes: session.bytes, path: "x.md", environment: strict).template?.name == "system-design")
    }
}
