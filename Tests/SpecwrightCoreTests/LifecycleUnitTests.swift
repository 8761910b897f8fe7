import Foundation
import Testing

@testable import SpecwrightCore

/// The lifecycle's parts one at a time: status moves, versions, hashing, editing operations,
/// fixes, diffs, baselines and configuration.
@Suite("Lifecycle units")
struct LifecycleUnitTests {
    static let path = "specs/payment-retries.md"
    static let recorder = ChangeRecorder(author: "Grace Hopper", date: "2026-02-01")
    static let gates = GateEvaluator(checker: Checker(catalog: .builtin))

    static func spec(_ bytes: [UInt8]) -> Spec { Spec(bytes: bytes, path: path) }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func editor(_ bytes: [UInt8], template: String = "feature-spec", recorder: ChangeRecorder = recorder) -> SpecEditor {
        SpecEditor(spec: spec(bytes), template: TestSupport.template(template), recorder: recorder)
    }

    /// A generated feature spec with its status set to `status`.
    static func featureSpec(status: String = "DRAFT") -> [UInt8] {
        TestSupport.replacing("**Document Status**: DRAFT", with: "**Document Status**: \(status)", in: TestSupport.generated("feature-spec"))
    }

    /// The last change-log row's cells.
    static func lastLogRow(_ bytes: [UInt8]) -> [String] {
        let spec = spec(bytes)
        guard let row = ChangeLogTable(spec, schema: nil)?.table.rows.last else { return [] }
        return row.cells.map { spec.document.string($0) }
    }

    static func applied(_ outcome: SpecEditor.TransitionOutcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SpecEdit? {
        switch outcome {
        case .applied(let edit): return edit
        case .refused(let unmet):
            Issue.record("refused: \(unmet.map(\.gate))", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Expects `body` to throw exactly `error`.
    static func expectError(_ error: SpecwrightError, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(throws: error, sourceLocation: sourceLocation) { try body() }
    }

    // MARK: StatusMachine

    @Test("Statuses of both seed templates map to the four stages")
    func stages() {
        let feature = StatusMachine(statuses: TestSupport.template("feature-spec").schema.statuses)
        #expect(feature.statuses == ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"])
        #expect(feature.statuses.map(feature.stage(of:)) == [.draft, .review, .approved, .implemented])
        let design = StatusMachine(statuses: TestSupport.template("system-design").schema.statuses)
        #expect(design.statuses.map(design.stage(of:)) == [.draft, .review, .approved, .implemented])
        #expect(design.status(for: .review) == "Review")
        // Four statuses with other names are recognised by position.
        let custom = StatusMachine(statuses: ["Proposed", "Discussed", "Accepted", "Shipped"])
        #expect(custom.statuses.map(custom.stage(of:)) == [.draft, .review, .approved, .implemented])
        #expect(custom.stage(of: "Unknown") == .other)
        #expect(StatusMachine(statuses: ["Open", "Closed"]).stage(of: "Open") == .other)
    }

    @Test("Allowed moves: forward one stage, review back to draft, anything to draft")
    func allowedTargets() {
        let machine = StatusMachine(statuses: ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"])
        #expect(machine.allowedTargets(from: "DRAFT") == ["IN_REVIEW"])
        #expect(machine.allowedTargets(from: "IN_REVIEW") == ["APPROVED", "DRAFT"])
        #expect(machine.allowedTargets(from: "APPROVED") == ["IMPLEMENTED", "DRAFT"])
        #expect(machine.allowedTargets(from: "IMPLEMENTED") == ["DRAFT"])
        #expect(machine.allowedTargets(from: "something else") == ["DRAFT"])
    }

    @Test("resolve ignores case, underscores, dashes and spaces", arguments: [
        ("in review", "IN_REVIEW"), ("In-Review", "IN_REVIEW"), ("in_review", "IN_REVIEW"), ("approved", "APPROVED"), ("Implemented", "IMPLEMENTED"),
    ])
    func resolve(_ input: String, _ expected: String) {
        #expect(StatusMachine(statuses: ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"]).resolve(input) == expected)
    }

    @Test("resolve returns nil for a status the template does not have")
    func resolveUnknown() {
        let machine = StatusMachine(statuses: ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"])
        #expect(machine.resolve("review") == nil)
        #expect(machine.resolve("") == nil)
    }

    // MARK: Transitions

    @Test("A move the machine does not allow is an error naming the allowed moves")
    func transitionNotAllowed() {
        Self.expectError(.conflict("\(Self.path): cannot move from DRAFT to APPROVED; allowed from DRAFT: IN_REVIEW")) {
            _ = try Self.editor(Self.featureSpec()).transition(to: "approved", reason: "because", force: true, gates: Self.gates)
        }
        Self.expectError(.conflict("\(Self.path): cannot move from IMPLEMENTED to APPROVED; allowed from IMPLEMENTED: DRAFT")) {
            _ = try Self.editor(Self.featureSpec(status: "IMPLEMENTED")).transition(to: "APPROVED", reason: nil, force: false, gates: Self.gates)
        }
        Self.expectError(.conflict("'shipped' is not a status of this spec's template; statuses: DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED")) {
            _ = try Self.editor(Self.featureSpec()).transition(to: "shipped", reason: nil, force: false, gates: Self.gates)
        }
        Self.expectError(.conflict("\(Self.path): status 'WIP' is not one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED; fix it first")) {
            _ = try Self.editor(Self.featureSpec(status: "WIP")).transition(to: "IN_REVIEW", reason: nil, force: false, gates: Self.gates)
        }
        // Moving to the current status is not a move.
        Self.expectError(.conflict("\(Self.path): cannot move from DRAFT to DRAFT; allowed from DRAFT: IN_REVIEW")) {
            _ = try Self.editor(Self.featureSpec()).transition(to: "DRAFT", reason: "again", force: false, gates: Self.gates)
        }
    }

    @Test("Without a template status field there is no lifecycle")
    func transitionWithoutTemplate() {
        let editor = SpecEditor(spec: Self.spec(Self.featureSpec()), template: nil, recorder: Self.recorder)
        Self.expectError(.conflict("\(Self.path): its template has no status field with alternatives, so it has no lifecycle")) {
            _ = try editor.transition(to: "IN_REVIEW", reason: nil, force: false, gates: Self.gates)
        }
    }

    @Test("Moving back to draft needs a reason, from every stage, and records it", arguments: ["IN_REVIEW", "APPROVED", "IMPLEMENTED"])
    func backToDraft(_ status: String) throws {
        let bytes = Self.featureSpec(status: status)
        Self.expectError(.missingInput(.reason, "moving back to DRAFT needs a reason")) {
            _ = try Self.editor(bytes).transition(to: "DRAFT", reason: nil, force: false, gates: Self.gates)
        }
        Self.expectError(.missingInput(.reason, "moving back to DRAFT needs a reason")) {
            _ = try Self.editor(bytes).transition(to: "draft", reason: "   ", force: false, gates: Self.gates)
        }
        let edit = try #require(Self.applied(try Self.editor(bytes).transition(to: "draft", reason: " Scope changed ", force: false, gates: Self.gates)))
        #expect(edit.summary == "Status \(status) → DRAFT")
        #expect(Self.spec(edit.bytes).field(.status)?.value == "DRAFT")
        #expect(Self.lastLogRow(edit.bytes) == ["2026-02-01", "0.2", "Grace Hopper", "Status \(status) → DRAFT", "Scope changed"])
    }

    @Test("--force needs a reason, skips the gates, and is recorded as forced")
    func forced() throws {
        let bytes = Self.featureSpec()
        // The generated spec is full of placeholders: the gate refuses.
        guard case .refused(let unmet) = try Self.editor(bytes).transition(to: "IN_REVIEW", reason: nil, force: false, gates: Self.gates) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(Set(unmet.map(\.gate)) == ["review.no-placeholders"])
        Self.expectError(.missingInput(.reason, "skipping the gates needs a reason (it is recorded in the change log)")) {
            _ = try Self.editor(bytes).transition(to: "IN_REVIEW", reason: nil, force: true, gates: Self.gates)
        }
        Self.expectError(.missingInput(.reason, "skipping the gates needs a reason (it is recorded in the change log)")) {
            _ = try Self.editor(bytes).transition(to: "IN_REVIEW", reason: "", force: true, gates: Self.gates)
        }
        let edit = try #require(Self.applied(try Self.editor(bytes).transition(to: "IN_REVIEW", reason: "Demo tomorrow", force: true, gates: Self.gates)))
        #expect(edit.summary == "Status DRAFT → IN_REVIEW (forced)")
        #expect(Self.lastLogRow(edit.bytes) == ["2026-02-01", "0.2", "Grace Hopper", "Status DRAFT → IN_REVIEW (forced)", "Demo tomorrow"])

        // A forced approval is still an approval: the next major version.
        let approved = try #require(Self.applied(try Self.editor(edit.bytes).transition(to: "APPROVED", reason: "Sign-offs on paper", force: true, gates: Self.gates)))
        #expect(Self.spec(approved.bytes).field(.version)?.value == "1.0")
        #expect(Self.lastLogRow(approved.bytes) == ["2026-02-01", "1.0", "Grace Hopper", "Status IN_REVIEW → APPROVED (forced)", "Sign-offs on paper"])
    }

    @Test("Without a reason column the reason goes with the change (system-design)")
    func forcedSystemDesign() throws {
        let bytes = TestSupport.generated("system-design")
        let editor = Self.editor(bytes, template: "system-design")
        let edit = try #require(Self.applied(try editor.transition(to: "review", reason: "Demo", force: true, gates: Self.gates)))
        #expect(Self.lastLogRow(edit.bytes) == ["0.2", "2026-02-01", "Grace Hopper", "Status Draft → Review (forced) (Demo)"])
        #expect(Self.spec(edit.bytes).field(.date)?.value == "2026-02-01")
    }

    // MARK: VersionPolicy and ChangeRecorder

    @Test("VersionPolicy: minor bump per change, next major on approval", arguments: [
        (nil, false, "0.1"), ("0.1", false, "0.2"), ("0.9", false, "0.10"), ("1.4", false, "1.5"), ("1.2.3", false, "1.3"),
        ("v2.1", false, "2.2"), ("7", false, "7.1"), ("not a version", false, "0.1"),
        ("0.7", true, "1.0"), ("0.1", true, "1.0"), ("1.5", true, "2.0"), ("2.0", true, "3.0"), (nil, true, "1.0"),
    ] as [(String?, Bool, String)])
    func versionPolicy(_ current: String?, _ approval: Bool, _ expected: String) {
        #expect(VersionPolicy.next(after: current, approval: approval) == expected)
    }

    @Test("ChangeRecorder takes the later of the header's and the change log's version")
    func recorderLaggingHeader() {
        let bytes = TestSupport.replacing("**Version**: 0.1", with: "**Version**: 0.0", in: TestSupport.generated("feature-spec"))
        let withRow = TestSupport.replacing("| Initial draft | New feature |", with: "| Initial draft | New feature |\n| 2026-01-20 | 0.5 | Ada | More |  |", in: bytes)
        #expect(Self.recorder.nextVersion(for: Self.spec(withRow), approval: false) == "0.6")
        let ahead = TestSupport.replacing("**Version**: 0.1", with: "**Version**: 0.9", in: TestSupport.generated("feature-spec"))
        #expect(Self.recorder.nextVersion(for: Self.spec(ahead), approval: false) == "0.10")
        #expect(Self.recorder.nextVersion(for: Self.spec(ahead), approval: true) == "1.0")
    }

    // MARK: SHA256

    @Test("SHA-256 test vectors (FIPS 180-2)", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func sha256(_ message: String, _ digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
        #expect(SHA256.digest(Array(message.utf8)).count == 32)
    }

    @Test("SHA-256 around the padding boundaries (55, 56, 63, 64, 65 bytes) and of a million a's")
    func sha256Lengths() {
        // Reference digests from sha256sum.
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
        ]
        for (length, digest) in expected {
            #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest, "\(length) bytes")
        }
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // MARK: NormativeContent

    /// A generated feature spec with a sign-off (so it has a sign-off table and a record); a
    /// sign-off that fails stops the tests here rather than leaving the spec unsigned.
    static let signedFeatureSpec: [UInt8] = {
        let bytes = TestSupport.generated("feature-spec")
        return try! editor(bytes).signOff(role: "Technical Lead", name: "Grace Hopper").bytes
    }()

    @Test("The signed fixture has a sign-off table with exactly the Technical Lead's signature and one record")
    func signedFixture() throws {
        let spec = Self.spec(Self.signedFeatureSpec)
        let table = try #require(SignOffTable(spec))
        #expect(table.entries.map(\.role) == ["Technical Lead"])
        let entry = try #require(table.entries.first)
        #expect(entry.name == "Grace Hopper" && entry.date == "2026-02-01")
        #expect(entry.signature == NormativeContent.signature(of: spec))
        #expect(entry.signedHash == NormativeContent.hash(of: spec))
        #expect(table.records.map(\.hash) == [NormativeContent.hash(of: spec)])
        #expect(Self.text(Self.signedFeatureSpec).contains("\n## Sign-off\n\n| Role | Name | Date | Signature |\n|------|------|------|-----------|\n| Technical Lead | Grace Hopper | 2026-02-01 | \(entry.signature) |\n"))
        #expect(Self.lastLogRow(Self.signedFeatureSpec) == ["2026-02-01", "0.2", "Grace Hopper", "Signed off: Technical Lead (Grace Hopper)", ""])
    }

    static func hash(_ bytes: [UInt8]) -> String { NormativeContent.hash(of: spec(bytes)) }

    @Test("What is not normative content: ticks, status/version/last-updated values, change log, sign-offs, TOC body, line endings", arguments: [
        ("tick a box", "- [ ] Security review completed", "- [x] Security review completed"),
        ("tick with a capital X", "- [ ] Runbook created", "- [X] Runbook created"),
        ("status", "**Document Status**: DRAFT", "**Document Status**: APPROVED"),
        ("version", "**Version**: 0.2", "**Version**: 7.3"),
        ("last updated", "**Last Updated**: 2026-02-01", "**Last Updated**: 2027-12-31"),
        ("change log row edited", "| Initial draft | New feature |", "| First draft | New feature |"),
        ("change log row added", "| Initial draft | New feature |", "| Initial draft | New feature |\n| 2026-02-01 | 0.2 | Ada | More |  |"),
        ("sign-off name", "| Technical Lead | Grace Hopper |", "| Technical Lead | G. Hopper |"),
        ("sign-off row added", "| Technical Lead | Grace Hopper |", "| Security Lead | Ada | 2026-02-02 | pending |\n| Technical Lead | Grace Hopper |"),
        ("TOC entry dropped", "2. [Architecture Design](#architecture-design)\n", ""),
        ("TOC entry renamed", "[Overview](#overview)", "[Summary](#overview)"),
    ])
    func hashExclusions(_ label: String, _ old: String, _ new: String) {
        let base = Self.signedFeatureSpec
        let edited = TestSupport.replacing(old, with: new, in: base)
        #expect(Self.hash(edited) == Self.hash(base), "\(label) must not change the hash")
        #expect(SignOffRule().check(Checker(catalog: .builtin).context(for: Self.spec(edited))).isEmpty, "\(label): sign-off still valid")
    }

    @Test("CRLF and LF copies hash the same")
    func hashLineEndings() {
        let base = TestSupport.generated("feature-spec")
        #expect(Self.hash(TestSupport.crlf(base)) == Self.hash(base))
        #expect(NormativeContent.sectionDigests(of: Self.spec(TestSupport.crlf(base))).map(\.1) == NormativeContent.sectionDigests(of: Self.spec(base)).map(\.1))
    }

    @Test("What is normative content: prose, headings, other header fields, code, checklist text", arguments: [
        ("prose after the change log", "Every sprint during active development", "Every other sprint", "Change Log"),
        ("purpose text", "[Brief description of what this technical implementation will achieve]", "Retry failed payments.", "Overview"),
        ("heading", "### Data Flow", "### Data Flows", "Data Model"),
        ("created date", "**Created**: 2026-01-15", "**Created**: 2026-01-14", "header"),
        ("author", "**Author**: Ada Lovelace", "**Author**: Ada King", "header"),
        ("code", "CREATE INDEX idx_example_field1", "CREATE INDEX idx_example_f1", "Data Model"),
        ("checklist text", "- [ ] Runbook created", "- [ ] Runbook written", "Implementation Checklist"),
        ("sign-off heading", "## Sign-off", "## Sign-offs", "Sign-offs"),
    ])
    func hashInclusions(_ label: String, _ old: String, _ new: String, _ section: String) throws {
        let base = Self.signedFeatureSpec
        let edited = TestSupport.replacing(old, with: new, in: base)
        #expect(Self.hash(edited) != Self.hash(base), "\(label) must change the hash")
        let record = try #require(SignOffTable(Self.spec(base))?.records.first)
        var changed = NormativeContent.changedSections(of: Self.spec(edited), since: record)
        if label == "sign-off heading" {
            // A renamed top-level heading is a new anchor; the old one is gone.
            #expect(changed == ["Sign-offs", "sign-off (removed)"])
            changed = [section]
        }
        #expect(changed == [section])
        // Stale sign-offs are reported once the spec is approved (a draft is being revised).
        let approved = TestSupport.replacing("**Document Status**: DRAFT", with: "**Document Status**: APPROVED", in: edited)
        #expect(SignOffRule().check(Checker(catalog: .builtin).context(for: Self.spec(approved))).count == 1)
        #expect(SignOffRule().check(Checker(catalog: .builtin).context(for: Self.spec(edited))).isEmpty)
    }

    @Test("Without a Last Updated field the Date field is excluded (system-design)")
    func hashDateField() {
        let base = TestSupport.generated("system-design")
        #expect(Self.hash(TestSupport.replacing("**Date**: 2026-01-15", with: "**Date**: 2026-03-03", in: base)) == Self.hash(base))
        // A feature spec has Last Updated, so a Date-like field there is not excluded: Created counts.
        #expect(Self.hash(TestSupport.replacing("**Document Version**: 0.1", with: "**Document Version**: 4.2", in: base)) == Self.hash(base))
        #expect(Self.hash(TestSupport.replacing("**Author**: Ada Lovelace", with: "**Author**: Ada", in: base)) != Self.hash(base))
    }

    @Test("The signature is sha256: plus 12 hex digits of the normalised content")
    func signatureFormat() {
        let spec = Self.spec(TestSupport.generated("system-design"))
        let signature = NormativeContent.signature(of: spec)
        #expect(signature.hasPrefix("sha256:"))
        #expect(signature.count == "sha256:".count + 12)
        #expect(signature.dropFirst(7).allSatisfy { $0.isHexDigit })
        #expect(signature == "sha256:" + NormativeContent.hash(of: spec))
    }

    @Test("The signed record lists the header and each top-level section, and round-trips")
    func signatureRecord() throws {
        let spec = Self.spec(Self.signedFeatureSpec)
        let table = try #require(SignOffTable(spec))
        let record = try #require(table.records.first)
        #expect(record.sections.map(\.0) == ["_header", "table-of-contents", "overview", "architecture-design", "detailed-design", "data-model", "api-design",
                                              "integration-points", "security-considerations", "performance-considerations", "testing-strategy",
                                              "deployment-plan", "monitoring--observability", "risk-analysis", "implementation-checklist", "sign-off",
                                              "change-log"])
        #expect(record.sections.allSatisfy { $0.1.count == 8 })
        #expect(spec.document.string(record.range) == record.line)
        // The record line, built from the spec's own hash and section digests (not from the parsed record).
        let expectedLine = "<!-- specwright:signed \(NormativeContent.hash(of: spec)) "
            + NormativeContent.sectionDigests(of: spec).map { "\($0.0)=\($0.1)" }.joined(separator: " ") + " -->"
        #expect(record.line == expectedLine)
        #expect(spec.document.string(record.range) == expectedLine)
        #expect(record.line == "<!-- specwright:signed 9e8f76d5926e _header=320c020a table-of-contents=8f69bcfd overview=4dc3be0c "
            + "architecture-design=cb0959bf detailed-design=93e7caa3 data-model=b552448b api-design=c0234e16 integration-points=1ce1738b "
            + "security-considerations=322fcd5e performance-considerations=a00e4bc6 testing-strategy=be2a3afe deployment-plan=8d3c14f0 "
            + "monitoring--observability=cd8de4cb risk-analysis=95b14257 implementation-checklist=d223b6a0 sign-off=c05b75b1 change-log=6755e85a -->")
        #expect(NormativeContent.changedSections(of: spec, since: record).isEmpty)
        #expect(table.entries.first?.signedHash == record.hash)
    }

    // MARK: tick

    @Test("tick: exact text ignoring case, else the only item containing it")
    func tickMatching() throws {
        let bytes = Self.featureSpec()
        let exact = try Self.editor(bytes).tick("security REVIEW completed")
        #expect(exact.changed)
        #expect(exact.summary == "Ticked: Security review completed")
        #expect(Self.text(exact.bytes).contains("- [x] Security review completed"))
        let partial = try Self.editor(bytes).tick("Runbook")
        #expect(partial.summary == "Ticked: Runbook created")
        #expect(Self.lastLogRow(partial.bytes) == ["2026-02-01", "0.2", "Grace Hopper", "Ticked: Runbook created", ""])
    }

    @Test("tick: no match is an error naming the query")
    func tickNotFound() {
        Self.expectError(.notFound("\(Self.path): no checklist item matches 'Launch party'")) {
            _ = try Self.editor(Self.featureSpec()).tick("Launch party")
        }
    }

    @Test("tick: a query matching several different items is an error listing them")
    func tickAmbiguous() {
        Self.expectError(.invalid("""
            \(Self.path): 'review completed' matches 3 checklist items; quote one exactly:
              line 384: Architecture review completed
              line 385: Security review completed
              line 402: Code review completed
            """)) {
            _ = try Self.editor(Self.featureSpec()).tick("review completed")
        }
    }

    @Test("tick: items with the same text are ticked together, in one recorded change")
    func tickDuplicates() throws {
        let bytes = Self.featureSpec()
        let before = TaskItems.collect(in: Self.spec(bytes).document).filter { $0.text == "Documentation updated" }
        #expect(before.count == 2)
        let edit = try Self.editor(bytes).tick("Documentation updated")
        let after = TaskItems.collect(in: Self.spec(edit.bytes).document).filter { $0.text == "Documentation updated" }
        #expect(after.allSatisfy(\.checked) && after.count == 2)
        #expect(ChangeLogTable(Self.spec(edit.bytes), schema: nil)?.entries.count == 2)
    }

    @Test("tick: an item already in the wanted state changes nothing; --uncheck unticks")
    func tickNoChangeAndUntick() throws {
        let ticked = try Self.editor(Self.featureSpec()).tick("Runbook created").bytes
        let again = try Self.editor(ticked).tick("Runbook created")
        #expect(!again.changed)
        #expect(again.bytes == ticked)
        #expect(again.summary == "'Runbook created' is already ticked")
        let unticked = try Self.editor(ticked).tick("runbook created", checked: false)
        #expect(unticked.summary == "Unticked: Runbook created")
        #expect(Self.text(unticked.bytes).contains("- [ ] Runbook created"))
        #expect(Self.spec(unticked.bytes).field(.version)?.value == "0.3")
        let untickedAgain = try Self.editor(Self.featureSpec()).tick("Runbook created", checked: false)
        #expect(!untickedAgain.changed)
        #expect(untickedAgain.summary == "'Runbook created' is already unticked")
    }

    // MARK: changelog --add

    @Test("changelog --add records a row with the reason in its column")
    func changelogAdd() throws {
        let edit = try Self.editor(Self.featureSpec()).addChangeLogEntry("  Clarified retry limits ", reason: "Review feedback")
        #expect(edit.summary == "recorded version 0.2:   Clarified retry limits ")
        #expect(Self.lastLogRow(edit.bytes) == ["2026-02-01", "0.2", "Grace Hopper", "Clarified retry limits", "Review feedback"])
        #expect(Self.spec(edit.bytes).field(.lastUpdated)?.value == "2026-02-01")
    }

    @Test("changelog --add: a pipe in the change is escaped so the row keeps its cells")
    func changelogPipe() throws {
        let edit = try Self.editor(Self.featureSpec()).addChangeLogEntry("Retries | backoff", reason: "a|b")
        #expect(Self.text(edit.bytes).contains("\n| 2026-02-01 | 0.2 | Grace Hopper | Retries \\| backoff | a\\|b |\n"))
        #expect(Self.lastLogRow(edit.bytes).count == 5)
    }

    @Test("changelog --add on a spec without a change log, or with an empty change, is an error")
    func changelogAddErrors() {
        let noLog = Array("# Notes\n\n**Version**: 0.1\n\n## Body\nText.\n".utf8)
        Self.expectError(.conflict("\(Self.path): has no change log table (a table with Version, Date and Changes columns)")) {
            _ = try SpecEditor(spec: Self.spec(noLog), template: nil, recorder: Self.recorder).addChangeLogEntry("Something", reason: nil)
        }
        Self.expectError(.invalid("the change description must not be empty")) {
            _ = try Self.editor(Self.featureSpec()).addChangeLogEntry("   ", reason: nil)
        }
    }

    @Test("A change log without a template is still found by its columns; the new row follows its style")
    func changelogWithoutTemplate() throws {
        let text = "# Notes\n\n**Version**: 1.2\n**Last Updated**: 2026-01-01\n\n## History\n\nVersion | Date | Change\n--- | --- | ---\n1.2 | 2026-01-01 | First\n"
        let edit = try SpecEditor(spec: Self.spec(Array(text.utf8)), template: nil, recorder: Self.recorder).addChangeLogEntry("Second", reason: "why")
        #expect(Self.text(edit.bytes) == "# Notes\n\n**Version**: 1.3\n**Last Updated**: 2026-02-01\n\n## History\n\nVersion | Date | Change\n--- | --- | ---\n1.2 | 2026-01-01 | First\n1.3 | 2026-02-01 | Second (why)\n")
    }

    // MARK: sign

    @Test("sign: an empty role is an error; signing twice keeps one record")
    func signBasics() throws {
        Self.expectError(.invalid("the sign-off role must not be empty")) {
            _ = try Self.editor(Self.featureSpec()).signOff(role: "  ", name: "Grace")
        }
        let once = Self.signedFeatureSpec
        let twice = try Self.editor(once).signOff(role: "Security Lead", name: "Ada").bytes
        let table = try #require(SignOffTable(Self.spec(twice)))
        #expect(table.entries.map(\.role) == ["Technical Lead", "Security Lead"])
        #expect(table.records.count == 1)
        #expect(Set(table.entries.compactMap(\.signedHash)).count == 1)
        // Re-signing after an edit drops records no sign-off uses any more.
        let edited = TestSupport.replacing("Every sprint during active development", with: "Weekly", in: twice)
        let resigned = try Self.editor(edited).signOff(role: "Technical Lead", name: "Grace Hopper").bytes
        let after = try #require(SignOffTable(Self.spec(resigned)))
        #expect(after.records.count == 2, "the Security Lead's older signature keeps its record")
        let final = try Self.editor(resigned).signOff(role: "Security Lead", name: "Ada").bytes
        #expect(SignOffTable(Self.spec(final))?.records.count == 1, "no sign-off uses the first hash any more: its record goes")
        #expect(SignOffRule().check(Checker(catalog: .builtin).context(for: Self.spec(final))).isEmpty)
    }

    @Test("Gate: required roles from config override the template's; a stale sign-off is named as such")
    func signOffGateRoles() throws {
        let bytes = Self.signedFeatureSpec
        var gates = GateEvaluator(checker: Checker(catalog: .builtin), requiredRoles: ["technical lead", "Security Lead"])
        #expect(gates.unmetGates(for: Self.spec(bytes), target: .approved).filter { $0.gate == "approved.signoffs" }.map(\.message) == [
            "missing sign-off by Security Lead",
        ])
        let edited = TestSupport.replacing("Every sprint during active development", with: "Weekly", in: bytes)
        #expect(gates.unmetGates(for: Self.spec(edited), target: .approved).filter { $0.gate == "approved.signoffs" }.map(\.message) == [
            "sign-off by technical lead is stale: the spec changed after it was signed", "missing sign-off by Security Lead",
        ])
        gates.config.approved.signOffs = false
        gates.config.approved.reviewChecklists = false
        #expect(gates.unmetGates(for: Self.spec(edited), target: .approved).isEmpty)
    }

    // MARK: SpecFixer

    static let fixer = SpecFixer(template: TestSupport.template("feature-spec"), recorder: ChangeRecorder(author: "Fixer", date: "2026-02-02"))

    /// Fixes `bytes` and checks that fixing the result again changes nothing.
    static func fixTwice(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SpecEdit {
        let first = fixer.fix(spec(bytes))
        let second = fixer.fix(spec(first.bytes))
        #expect(!second.changed, "second fix: \(second.summary)", sourceLocation: sourceLocation)
        #expect(second.bytes == first.bytes, sourceLocation: sourceLocation)
        #expect(second.summary == "nothing to fix", sourceLocation: sourceLocation)
        return first
    }

    @Test("fix: a clean spec has nothing to fix")
    func fixNothing() {
        let bytes = TestSupport.generated("feature-spec")
        let edit = Self.fixTwice(bytes)
        #expect(!edit.changed && edit.bytes == bytes && edit.summary == "nothing to fix")
    }

    @Test("fix: the table of contents is regenerated from the headings, and recorded")
    func fixTableOfContents() {
        let base = TestSupport.generated("feature-spec")
        let broken = TestSupport.replacing("2. [Architecture Design](#architecture-design)\n", with: "", in: base)
        let edit = Self.fixTwice(broken)
        #expect(edit.summary == "Fixed: table of contents")
        let expected = TestSupport.replacing("**Version**: 0.1", with: "**Version**: 0.2",
            in: TestSupport.replacing("**Last Updated**: 2026-01-15", with: "**Last Updated**: 2026-02-02",
            in: TestSupport.replacing("| Initial draft | New feature |", with: "| Initial draft | New feature |\n| 2026-02-02 | 0.2 | Fixer | Fixed: table of contents | automatic fix |", in: base)))
        #expect(Self.text(edit.bytes) == Self.text(expected))
    }

    @Test("fix: a renamed heading gets its TOC entry renamed; the style (ordered, numbering) is kept")
    func fixTableOfContentsRename() {
        let base = TestSupport.generated("feature-spec")
        let renamed = TestSupport.replacing("## Risk Analysis\n", with: "## Risks\n", in: base)
        let edit = Self.fixTwice(renamed)
        #expect(Self.text(edit.bytes).contains("11. [Monitoring & Observability](#monitoring--observability)\n12. [Risks](#risks)\n13. [Implementation Checklist]"))
    }

    @Test("fix: header version and date are synced from the change log without a new row")
    func fixHeaderSync() {
        let base = TestSupport.generated("feature-spec")
        let lagging = TestSupport.replacing("| Initial draft | New feature |", with: "| Initial draft | New feature |\n| 2026-01-20 | 0.4 | Ada | More |  |", in: base)
        let edit = Self.fixTwice(lagging)
        #expect(edit.summary == "Fixed: header version and date from the change log")
        let expected = TestSupport.replacing("**Version**: 0.1", with: "**Version**: 0.4",
            in: TestSupport.replacing("**Last Updated**: 2026-01-15", with: "**Last Updated**: 2026-01-20", in: lagging))
        #expect(edit.bytes == expected)
    }

    @Test("fix: short table rows are padded, and recorded")
    func fixPadding() {
        let base = TestSupport.generated("feature-spec")
        let short = TestSupport.replacing("| 400 | Bad Request | `{\"error\": \"message\"}` | No |", with: "| 400 | Bad Request |", in: base)
        let edit = Self.fixTwice(short)
        #expect(edit.summary == "Fixed: padded 1 table row")
        #expect(Self.text(edit.bytes).contains("\n| 400 | Bad Request |  |  |\n"))
        #expect(Self.lastLogRow(edit.bytes) == ["2026-02-02", "0.2", "Fixer", "Fixed: padded 1 table row", "automatic fix"])
        // Without outer pipes the padding has none either.
        let bare = Array("# T\n\na | b | c\n--- | --- | ---\n1 | 2\n".utf8)
        let fixed = SpecFixer(template: nil, recorder: Self.recorder).fix(Self.spec(bare))
        #expect(Self.text(fixed.bytes) == "# T\n\na | b | c\n--- | --- | ---\n1 | 2 |\n")
    }

    @Test("fix: several fixes in one recorded change; CRLF is kept")
    func fixCombinedCRLF() {
        let base = TestSupport.generated("feature-spec")
        var broken = TestSupport.replacing("2. [Architecture Design](#architecture-design)\n", with: "", in: base)
        broken = TestSupport.replacing("| 400 | Bad Request | `{\"error\": \"message\"}` | No |", with: "| 400 | Bad Request |", in: broken)
        let edit = Self.fixTwice(TestSupport.crlf(broken))
        #expect(edit.summary == "Fixed: table of contents; padded 1 table row")
        let text = Self.text(edit.bytes)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.contains("1. [Overview](#overview)\r\n2. [Architecture Design](#architecture-design)\r\n3. [Detailed Design]"))
    }

    // MARK: UnifiedDiff

    @Test("UnifiedDiff: hunks, context and ranges as diff -u prints them")
    func unifiedDiff() {
        let old = Array("one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n".utf8)
        let new = Array("one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\nthirteen\n".utf8)
        #expect(UnifiedDiff.render(old: old, new: new, path: "specs/a.md") == """
            --- a/specs/a.md
            +++ b/specs/a.md
            @@ -1,5 +1,5 @@
             one
            -two
            +TWO
             three
             four
             five
            @@ -10,3 +10,4 @@
             ten
             eleven
             twelve
            +thirteen

            """)
    }

    @Test("UnifiedDiff: no newline at end of file, a deleted first line, an empty old file, equal inputs")
    func unifiedDiffEdges() {
        #expect(UnifiedDiff.render(old: Array("x\ny".utf8), new: Array("x\nz".utf8), path: "f") == """
            --- a/f
            +++ b/f
            @@ -1,2 +1,2 @@
             x
            -y
            \\ No newline at end of file
            +z
            \\ No newline at end of file

            """)
        #expect(UnifiedDiff.render(old: Array("a\nb\nc\n".utf8), new: Array("b\nc\n".utf8), path: "f") == "--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n-a\n b\n c\n")
        #expect(UnifiedDiff.render(old: [], new: Array("new\n".utf8), path: "f") == "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+new\n")
        #expect(UnifiedDiff.render(old: Array("a\n".utf8), new: Array("x\na\n".utf8), path: "f") == "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n+x\n a\n")
        #expect(UnifiedDiff.render(old: Array("a\n".utf8), new: [], path: "f") == "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n")
        #expect(UnifiedDiff.render(old: Array("same\n".utf8), new: Array("same\n".utf8), path: "f") == "")
        // CRLF lines are shown without their \r.
        #expect(UnifiedDiff.render(old: Array("a\r\nb\r\n".utf8), new: Array("a\r\nc\r\n".utf8), path: "f") == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n")
    }

    // MARK: Baseline

    static func diagnostic(_ rule: String, _ severity: Severity, _ message: String, file: String = "specs/a.md", line: Int = 1) -> Diagnostic {
        let location = SpecwrightCore.SourceLocation(offset: 0, line: line, column: 1)
        return Diagnostic(rule: rule, severity: severity, message: message, file: file, range: SourceRange(start: location, end: location))
    }

    static func report(_ diagnostics: [Diagnostic], path: String = "specs/a.md") -> FileReport {
        FileReport(path: path, template: "feature-spec", templateSource: "marker", completeness: 0.5, diagnostics: diagnostics)
    }

    @Test("Baseline: encoded, loaded back equal; input problems are not recorded")
    func baselineRoundTrip() throws {
        let reports = [
            Self.report([Self.diagnostic("placeholder", .warning, "unfilled placeholder [Name]"), Self.diagnostic("placeholder", .warning, "unfilled placeholder [Name]", line: 9),
                         Self.diagnostic("missing-field", .error, "missing header field 'Author'")]),
            Self.report([Self.diagnostic("invalid-utf8", .error, "not UTF-8", file: "specs/b.md")], path: "specs/b.md"),
        ]
        let baseline = Baseline(reports: reports)
        #expect(baseline.findings.map { "\($0.file) \($0.rule) \($0.count)" } == ["specs/a.md placeholder 2", "specs/a.md missing-field 1"])
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let url = directory.appendingPathComponent("baseline.json")
        try AtomicFileWriter.create(url, bytes: baseline.encoded())
        #expect(try Baseline.load(url) == baseline)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.hasPrefix("{\n") && text.hasSuffix("}\n"))
        #expect(text.contains("\"version\" : 1"))
    }

    @Test("Baseline: recorded findings are dropped, a new one survives, counts are recomputed")
    func baselineFilter() {
        let old = [Self.report([Self.diagnostic("placeholder", .warning, "unfilled placeholder [Name]"), Self.diagnostic("missing-field", .error, "missing header field 'Author'")])]
        let baseline = Baseline(reports: old)
        // The same findings at other lines are still the same findings.
        let moved = [Self.report([Self.diagnostic("placeholder", .warning, "unfilled placeholder [Name]", line: 40), Self.diagnostic("missing-field", .error, "missing header field 'Author'", line: 3)])]
        let filtered = baseline.filter(moved)
        #expect(filtered[0].diagnostics.isEmpty)
        #expect(filtered[0].errors == 0 && filtered[0].warnings == 0 && filtered[0].infos == 0)
        #expect(filtered[0].path == "specs/a.md" && filtered[0].template == "feature-spec" && filtered[0].completeness == 0.5)
        // One more identical finding than recorded, and a new one.
        let grown = [Self.report([
            Self.diagnostic("placeholder", .warning, "unfilled placeholder [Name]"), Self.diagnostic("placeholder", .warning, "unfilled placeholder [Name]", line: 2),
            Self.diagnostic("missing-field", .error, "missing header field 'Author'"), Self.diagnostic("date-format", .error, "bad date", line: 5),
        ]), Self.report([Self.diagnostic("placeholder", .warning, "unfilled placeholder [Name]", file: "specs/c.md")], path: "specs/c.md")]
        let survivors = baseline.filter(grown)
        #expect(survivors[0].diagnostics.map(\.rule) == ["placeholder", "date-format"])
        #expect(survivors[0].diagnostics.first?.line == 2)
        #expect(survivors[0].errors == 1 && survivors[0].warnings == 1)
        #expect(survivors[1].diagnostics.count == 1, "the same message in another file is new")
    }

    @Test("Baseline.load: a missing file and a file that is not a baseline are errors")
    func baselineLoadErrors() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let missing = directory.appendingPathComponent("none.json")
        #expect(throws: SpecwrightError.self) { try Baseline.load(missing) }
        let bogus = directory.appendingPathComponent("bogus.json")
        try AtomicFileWriter.create(bogus, bytes: Array("{\"findings\": 3}".utf8))
        #expect(throws: SpecwrightError.unreadable(path: bogus.path, reason: "not a Specwright baseline file")) { try Baseline.load(bogus) }
    }

    // MARK: AtomicFileWriter

    @Test("AtomicFileWriter: create refuses to overwrite; replace refuses when the file changed; save does both")
    func atomicWriter() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let url = directory.appendingPathComponent("sub/spec.md")
        try AtomicFileWriter.create(url, bytes: Array("one\n".utf8))
        #expect(throws: SpecwrightError.fileExists(path: url.path)) { try AtomicFileWriter.create(url, bytes: Array("two\n".utf8)) }
        #expect(try Data(contentsOf: url) == Data("one\n".utf8))

        try AtomicFileWriter.replace(url, bytes: Array("two\n".utf8), expected: Array("one\n".utf8))
        #expect(try Data(contentsOf: url) == Data("two\n".utf8))
        // Someone changed the file between read and write: nothing is written.
        #expect(throws: SpecwrightError.changedOnDisk(path: url.path)) {
            try AtomicFileWriter.replace(url, bytes: Array("three\n".utf8), expected: Array("one\n".utf8))
        }
        #expect(try Data(contentsOf: url) == Data("two\n".utf8))
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["spec.md"])

        try AtomicFileWriter.save(url, bytes: Array("four\n".utf8))
        try AtomicFileWriter.save(directory.appendingPathComponent("new.md"), bytes: Array("five\n".utf8))
        #expect(try Data(contentsOf: url) == Data("four\n".utf8))
        #expect(try Data(contentsOf: directory.appendingPathComponent("new.md")) == Data("five\n".utf8))
        #expect(throws: SpecwrightError.self) { try AtomicFileWriter.replace(directory.appendingPathComponent("absent.md"), bytes: [], expected: nil) }
    }

    @Test("AtomicFileWriter.replace keeps the file's permissions")
    func atomicWriterPermissions() throws {
        let directory = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let url = directory.appendingPathComponent("spec.md")
        try AtomicFileWriter.create(url, bytes: Array("one\n".utf8), permissions: 0o600)
        try AtomicFileWriter.replace(url, bytes: Array("two\n".utf8), expected: nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    // MARK: Configuration

    static func decodeConfig(_ json: String) throws -> WorkspaceConfig {
        try JSONDecoder().decode(WorkspaceConfig.self, from: Data(json.utf8))
    }

    @Test("GateConfig: every gate on by default; keys as in specwright.yml; sections lower-cased")
    func gateConfig() throws {
        let defaults = try Self.decodeConfig("{}")
        #expect(defaults == WorkspaceConfig())
        let config = try Self.decodeConfig("""
            {"gates": {"review": {"reviewers-named": false, "no-errors": false},
                       "approved": {"signoffs": false, "review-sections": ["Sign-Off", "QA"]},
                       "implemented": {"implementation-sections": ["Rollout"]}},
             "signoff": {"roles": ["Security Lead"]}, "specs": "docs/specs", "rules": {"placeholder": "error"}}
            """)
        let gates = try #require(config.gates)
        #expect(!gates.review.reviewersNamed && !gates.review.noErrors && gates.review.noPlaceholdersInRequiredSections)
        #expect(!gates.approved.signOffs && gates.approved.reviewChecklists)
        #expect(gates.approved.reviewSections == ["sign-off", "qa"])
        #expect(gates.implemented.implementationChecklists && gates.implemented.implementationSections == ["rollout"])
        #expect(config.signoff?.roles == ["Security Lead"])
        #expect(config.specs == "docs/specs")
        // A partial section keeps the other defaults.
        let partial = try #require(try Self.decodeConfig(#"{"gates": {"approved": {}}}"#).gates)
        #expect(partial == GateConfig())
        #expect(throws: DecodingError.self) { try Self.decodeConfig(#"{"gates": {"review": {"no-errors": "sometimes"}}}"#) }
    }

    @Test("GateConfig switches gates off: reviewers-named off lets an unnamed-reviewers spec through")
    func gateConfigApplied() throws {
        var config = GateConfig()
        config.review.reviewersNamed = false
        config.review.noPlaceholdersInRequiredSections = false
        let spec = Self.spec(TestSupport.generated("system-design"))
        #expect(Set(Self.gates.unmetGates(for: spec, target: .review).map(\.gate)) == ["review.no-placeholders", "review.reviewers-named"])
        #expect(GateEvaluator(checker: Checker(catalog: .builtin), config: config).unmetGates(for: spec, target: .review).isEmpty)
        #expect(Self.gates.unmetGates(for: spec, target: .draft).isEmpty)
    }

    @Test("WorkspaceConfig severities: off, any case; unknown rules and severities are errors")
    func severities() throws {
        let known = RuleSet.core.rules.map(\.id)
        let config = WorkspaceConfig(rules: ["placeholder": "OFF", "unchecked-item": "Error", "toc": "info"])
        let severities = try config.severities(knownRules: known)
        #expect(severities.count == 3)
        #expect(severities["placeholder"] == .some(nil))
        #expect(severities["unchecked-item"] == .some(.error))
        #expect(severities["toc"] == .some(.info))
        #expect(try WorkspaceConfig().severities(knownRules: known).isEmpty)
        Self.expectError(.invalid("specwright.yml: unknown rule 'placeholders' under rules; known rules: \(known.joined(separator: ", "))")) {
            _ = try WorkspaceConfig(rules: ["placeholders": "off"]).severities(knownRules: known)
        }
        Self.expectError(.invalid("specwright.yml: rule 'placeholder' has severity 'fatal'; use error, warning, info or off")) {
            _ = try WorkspaceConfig(rules: ["placeholder": "fatal"]).severities(knownRules: known)
        }
        // The checker honours them.
        let checker = Checker(catalog: .builtin, severities: severities)
        let report = checker.check(Self.spec(TestSupport.generated("feature-spec")))
        #expect(!report.diagnostics.contains { $0.rule == "placeholder" })
        let unchecked = report.diagnostics.filter { $0.rule == "unchecked-item" }
        #expect(!unchecked.isEmpty)
        // One finding per unticked box of the generated spec (66 `- [ ]` items), each now an error.
        #expect(unchecked.count == 66)
        #expect(unchecked.count == Self.text(TestSupport.generated("feature-spec")).components(separatedBy: "- [ ]").count - 1)
        #expect(unchecked.allSatisfy { $0.severity == .error })
        #expect(report.errors > 0)
        #expect(report.errors == unchecked.count, "the unticked items are the only errors")
    }
}
