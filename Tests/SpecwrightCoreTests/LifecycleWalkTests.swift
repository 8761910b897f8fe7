import Foundation
import Testing

@testable import SpecwrightCore

/// The whole lifecycle of a spec written from each seed template: generated, filled in, then moved
/// DRAFT → IN_REVIEW → APPROVED → IMPLEMENTED through ``SpecEditor``.
///
/// Before every transition the gates must first refuse with the expected gate ids; they are then
/// satisfied the way a user would (filling text, ticking, signing) and the move must pass. After
/// every recorded change the bookkeeping is checked (header version = newest change-log version,
/// Last Updated / Date = the recorder's date, versions following ``VersionPolicy``), and a
/// line-by-line comparison of the file before and after proves that only the expected lines
/// changed. The same walk runs on a CRLF copy, which must keep `\r\n` everywhere.
@Suite("Lifecycle walk through the seed templates")
struct LifecycleWalkTests {
    static let templates = ["feature-spec", "system-design"]
    static let author = "Grace Hopper"
    static let path = "specs/payment-retries.md"

    // MARK: Line diffs

    /// The lines of `bytes`, each with its own line ending.
    static func lines(_ bytes: [UInt8]) -> [String] {
        UnifiedDiff.lines(bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The lines a change is expected to touch, in terms of the file before it.
    struct ExpectedLines {
        /// Old line index → the new text of that line (line ending included).
        var replaced: [Int: String] = [:]
        /// Old line index → lines inserted after it (-1: at the top).
        var inserted: [Int: [String]] = [:]

        mutating func insert(_ lines: [String], after index: Int) {
            inserted[index, default: []] += lines
        }
    }

    /// Expects `new` to be `old` with exactly the `expected` line changes and nothing else.
    static func expectOnly(_ expected: ExpectedLines, old: [UInt8], new: [UInt8], step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let before = lines(old)
        let after = lines(new)
        var predicted = expected.inserted[-1] ?? []
        for (index, line) in before.enumerated() {
            predicted.append(expected.replaced[index] ?? line)
            predicted += expected.inserted[index] ?? []
        }
        guard predicted != after else { return }
        let first = zip(predicted, after).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(predicted.count, after.count)
        let expectedLine = first < predicted.count ? predicted[first].debugDescription : "(end of file)"
        let actualLine = first < after.count ? after[first].debugDescription : "(end of file)"
        Issue.record("\(step): unexpected line change at new line \(first + 1): expected \(expectedLine), got \(actualLine) (\(predicted.count) vs \(after.count) lines)", sourceLocation: sourceLocation)
    }

    /// The line holding `range` in `spec`, with `range` replaced by `text` (line ending kept).
    static func line(of spec: Spec, replacing range: Range<Int>, with text: String) -> (Int, String) {
        let source = spec.document.source
        let index = source.lineIndex(ofOffset: range.lowerBound)
        let start = source.lineStarts[index]
        let end = index + 1 < source.lineCount ? source.lineStarts[index + 1] : spec.document.bytes.count
        var bytes = Array(spec.document.bytes[start..<end])
        bytes.replaceSubrange((range.lowerBound - start)..<(range.upperBound - start), with: Array(text.utf8))
        return (index, String(decoding: bytes, as: UTF8.self))
    }

    // MARK: Filling in a generated spec

    /// Texts for brackets whose replacement matters: code that must stay valid SQL/HTTP, headings.
    static let specificFills: [String: String] = [
        "table_name": "search_documents",
        "field_name": "title",
        "endpoint": "payments",
        "Component Name": "Retry Scheduler",
        "Phase Name": "Rollout",
        "List of reviewers": "Alan Turing, Katherine Johnson",
    ]

    /// Fills every placeholder a user would: brackets with plausible (unique) text, a choice with
    /// its first option, a sample figure with a number. The sign-off table's rows are left for
    /// `sign`, and `keep` placeholders are left as they are.
    static func fill(_ bytes: [UInt8], template: Template, keep: (Placeholder, Spec) -> Bool = { _, _ in false }) -> [UInt8] {
        let spec = Spec(bytes: bytes, path: path)
        let signOff = SignOffTable(spec)?.fullRange
        var seen: [String: Int] = [:]
        var edits: [ByteEdit] = []
        for placeholder in PlaceholderScanner(vocabulary: template.schema.vocabulary).scan(spec.document) {
            if let signOff, signOff.contains(placeholder.range.lowerBound) { continue }
            if keep(placeholder, spec) { continue }
            let replacement: String
            switch placeholder.kind {
            case .bracket:
                let inner = String(placeholder.text.dropFirst().dropLast())
                let occurrence = seen[inner, default: 0] + 1
                seen[inner] = occurrence
                let base = specificFills[inner] ?? "Payment retries: " + inner.replacingOccurrences(of: "?", with: "")
                replacement = occurrence == 1 ? base : "\(base) \(occurrence)"
            case .choice:
                replacement = placeholder.text.split(separator: "/").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "-"
            case .sample:
                replacement = (placeholder.text.hasPrefix("X") ? "2" : "4") + placeholder.text.dropFirst()
            case .token, .marker, .datePattern:
                Issue.record("the generator left \(placeholder.kind) \(placeholder.text) unfilled")
                continue
            }
            edits.append(ByteEdit(range: placeholder.range, with: replacement))
        }
        return ByteEdit.apply(edits, to: bytes)
    }

    // MARK: The walk

    /// One spec walked through its lifecycle, with the expected version tracked alongside.
    final class Walk {
        let name: String
        let template: Template
        let crlf: Bool
        let gates = GateEvaluator(checker: Checker(catalog: .builtin))
        let checker = Checker(catalog: .builtin)
        var bytes: [UInt8]
        var version = SpecGenerator.initialVersion
        var versions: [String] = [SpecGenerator.initialVersion]
        var day = 0
        /// Hashes signed so far (a sign-off must stay valid through bookkeeping-only changes).
        var signed = false

        init(_ name: String, crlf: Bool) {
            self.name = name
            self.crlf = crlf
            template = TestSupport.template(name)
            let generated = TestSupport.generated(name)
            bytes = crlf ? TestSupport.crlf(generated) : generated
        }

        var spec: Spec { Spec(bytes: bytes, path: LifecycleWalkTests.path) }
        var eol: String { crlf ? "\r\n" : "\n" }
        var machine: StatusMachine { StatusMachine(statuses: template.schema.statuses) }

        func status(_ stage: StatusMachine.Stage) -> String { machine.status(for: stage)! }

        /// The expected change-log row for a recorded change, in the template's column order.
        func logRow(version: String, date: String, change: String, reason: String?) -> String {
            if name == "feature-spec" {
                // | Date | Version | Author | Changes | Reason |
                return "| \(date) | \(version) | \(LifecycleWalkTests.author) | \(change) | \(reason ?? "") |" + eol
            }
            // | Version | Date | Author | Changes |: the reason goes with the change.
            let changes = reason.map { "\(change) (\($0))" } ?? change
            return "| \(version) | \(date) | \(LifecycleWalkTests.author) | \(changes) |" + eol
        }

        /// Checks that hold after every step.
        func expectInvariants(_ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let spec = self.spec
            let header = spec.field(.version)?.value
            let newest = ChangeLogTable(spec, schema: template.schema)?.newest
            #expect(header == version, "\(step): header version", sourceLocation: sourceLocation)
            #expect(newest?.version == version, "\(step): newest change-log version", sourceLocation: sourceLocation)
            // Line endings: CRLF in, CRLF out; never a bare \n or \r.
            for (index, byte) in bytes.enumerated() {
                if byte == ByteClass.newline && crlf && (index == 0 || bytes[index - 1] != ByteClass.carriageReturn) {
                    Issue.record("\(step): bare \\n at byte \(index)", sourceLocation: sourceLocation)
                    break
                }
                if byte == ByteClass.carriageReturn && (!crlf || index + 1 >= bytes.count || bytes[index + 1] != ByteClass.newline) {
                    Issue.record("\(step): stray \\r at byte \(index)", sourceLocation: sourceLocation)
                    break
                }
            }
            if crlf {
                let lines = LifecycleWalkTests.lines(bytes)
                #expect(lines.dropLast().allSatisfy { $0.hasSuffix("\r\n") }, "\(step): every line ends with CRLF", sourceLocation: sourceLocation)
            }
            if signed {
                #expect(SignOffRule().check(checker.context(for: spec)).isEmpty, "\(step): sign-offs still valid", sourceLocation: sourceLocation)
            }
        }

        /// Applies one recorded change made by `operation` and checks its bookkeeping and that only
        /// `expected` plus the version line, the date line and one new change-log row changed.
        func record(_ step: String, change: String, reason: String? = nil, approval: Bool = false, expected: ExpectedLines = ExpectedLines(),
                    sourceLocation: Testing.SourceLocation = #_sourceLocation, _ operation: (SpecEditor) throws -> SpecEdit) throws {
            day += 1
            let date = String(format: "2026-02-%02d", day)
            let before = spec
            let editor = SpecEditor(spec: before, template: template, recorder: ChangeRecorder(author: LifecycleWalkTests.author, date: date))
            let edit = try operation(editor)
            #expect(edit.changed, "\(step): changed", sourceLocation: sourceLocation)
            let next = VersionPolicy.next(after: version, approval: approval)

            var lines = expected
            let versionField = try #require(before.field(.version), sourceLocation: sourceLocation)
            let dateField = try #require(before.field(.lastUpdated) ?? before.field(.date), sourceLocation: sourceLocation)
            let (versionLine, versionText) = LifecycleWalkTests.line(of: before, replacing: versionField.valueRange, with: next)
            let (dateLine, dateText) = LifecycleWalkTests.line(of: before, replacing: dateField.valueRange, with: date)
            lines.replaced[versionLine] = versionText
            lines.replaced[dateLine] = dateText
            let log = try #require(ChangeLogTable(before, schema: template.schema), sourceLocation: sourceLocation)
            let lastRow = try #require(log.table.rows.last, sourceLocation: sourceLocation)
            lines.insert([logRow(version: next, date: date, change: change, reason: reason)], after: lastRow.line)
            LifecycleWalkTests.expectOnly(lines, old: before.document.bytes, new: edit.bytes, step: step, sourceLocation: sourceLocation)

            bytes = edit.bytes
            version = next
            versions.append(next)
            let after = spec
            #expect((after.field(.lastUpdated) ?? after.field(.date))?.value == date, "\(step): date field", sourceLocation: sourceLocation)
            #expect(ChangeLogTable(after, schema: template.schema)?.newest?.date == date, "\(step): newest row date", sourceLocation: sourceLocation)
            #expect(checker.check(after).errors == 0, "\(step): no errors", sourceLocation: sourceLocation)
            expectInvariants(step, sourceLocation: sourceLocation)
        }

        /// Ticks the checklist item a gate names (located by the gate's line).
        func tick(for gate: UnmetGate, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let line = try #require(gate.range?.start.line, sourceLocation: sourceLocation)
            let item = try #require(TaskItems.collect(in: spec.document).first { $0.line + 1 == line }, sourceLocation: sourceLocation)
            #expect(!item.checked, sourceLocation: sourceLocation)
            #expect(TaskItems.collect(in: spec.document).filter { $0.text.lowercased() == item.text.lowercased() }.count == 1,
                    "the walk ticks items with unique texts", sourceLocation: sourceLocation)
            var expected = ExpectedLines()
            let (index, text) = LifecycleWalkTests.line(of: spec, replacing: (item.checkbox.lowerBound + 1)..<(item.checkbox.lowerBound + 2), with: "x")
            #expect(index == item.line, sourceLocation: sourceLocation)
            expected.replaced[index] = text
            try record("tick '\(item.text)'", change: "Ticked: \(item.text)", expected: expected, sourceLocation: sourceLocation) { try $0.tick(item.text) }
            #expect(TaskItems.collect(in: spec.document).first { $0.line == item.line }?.checked == true, sourceLocation: sourceLocation)
        }

        /// Expects the move to `stage` to be refused with exactly `gateIDs`; returns the unmet gates.
        @discardableResult
        func expectRefused(_ stage: StatusMachine.Stage, on bytes: [UInt8]? = nil, gateIDs: Set<String>, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [UnmetGate] {
            let spec = Spec(bytes: bytes ?? self.bytes, path: LifecycleWalkTests.path)
            let editor = SpecEditor(spec: spec, template: template, recorder: ChangeRecorder(author: LifecycleWalkTests.author, date: "2026-03-01"))
            switch try editor.transition(to: status(stage), reason: nil, force: false, gates: gates) {
            case .applied:
                Issue.record("move to \(stage) was applied; expected a refusal by \(gateIDs.sorted())", sourceLocation: sourceLocation)
                return []
            case .refused(let unmet):
                #expect(Set(unmet.map(\.gate)) == gateIDs, sourceLocation: sourceLocation)
                #expect(unmet.map(\.gate) == gates.unmetGates(for: spec, target: stage).map(\.gate), sourceLocation: sourceLocation)
                return unmet
            }
        }

        /// Moves to `stage`, which must pass every gate.
        func transition(to stage: StatusMachine.Stage, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            #expect(gates.unmetGates(for: spec, target: stage).isEmpty, sourceLocation: sourceLocation)
            let current = try #require(spec.field(.status), sourceLocation: sourceLocation)
            let target = status(stage)
            var expected = ExpectedLines()
            let (index, text) = LifecycleWalkTests.line(of: spec, replacing: current.valueRange, with: target)
            expected.replaced[index] = text
            try record("→ \(target)", change: "Status \(current.value) → \(target)", approval: stage == .approved, expected: expected, sourceLocation: sourceLocation) { editor in
                switch try editor.transition(to: target, reason: nil, force: false, gates: gates) {
                case .applied(let edit): return edit
                case .refused(let unmet):
                    Issue.record("move to \(target) refused: \(unmet.map(\.message))", sourceLocation: sourceLocation)
                    return SpecEdit(bytes: editor.spec.document.bytes, summary: "", changed: false)
                }
            }
            #expect(spec.field(.status)?.value == target, sourceLocation: sourceLocation)
        }
    }

    // MARK: Steps

    /// Fills the generated spec; first checks that the move to review is refused for a leftover
    /// placeholder, unnamed reviewers and an error finding.
    static func review(_ walk: Walk) throws {
        let generated = walk.bytes
        let template = walk.template
        walk.expectInvariants("generated")
        #expect(walk.spec.field(.status)?.value == walk.status(.draft))
        #expect(walk.checker.check(walk.spec).errors == 0)

        // Not ready: one placeholder left in a required section, reviewers not named, an error.
        var leftover: Placeholder?
        var notReady = fill(generated, template: template) { placeholder, spec in
            if spec.field(.reviewers).map({ $0.valueRange.contains(placeholder.range.lowerBound) }) == true { return true }
            guard leftover == nil, placeholder.kind == .bracket, spec.outline.sections.contains(where: { $0.range.contains(placeholder.range.lowerBound) }) else { return false }
            leftover = placeholder
            return true
        }
        let author = try #require(Spec(bytes: notReady, path: path).field(.author))
        let authorLine = Spec(bytes: notReady, path: path).document.source.lineIndex(ofOffset: author.lineRange.lowerBound)
        let source = Spec(bytes: notReady, path: path).document.source
        notReady.removeSubrange(source.lineStarts[authorLine]..<source.lineStarts[authorLine + 1])
        let hasReviewers = template.schema.field(.reviewers) != nil
        var expectedIDs: Set<String> = ["review.no-errors", "review.no-placeholders"]
        if hasReviewers { expectedIDs.insert("review.reviewers-named") }
        let unmet = try walk.expectRefused(.review, on: notReady, gateIDs: expectedIDs)
        let leftText = try #require(leftover?.text)
        let placeholderGates = unmet.filter { $0.gate == "review.no-placeholders" }
        #expect(placeholderGates.count == 1)
        let firstSection = walk.name == "feature-spec" ? "Purpose" : "Executive Summary"
        #expect(placeholderGates.first?.message == "unfilled placeholder \(leftText) in required section '\(firstSection)'")
        let authorTemplateValue = walk.name == "feature-spec" ? "[Name]" : "[Author Name]"
        #expect(unmet.filter { $0.gate == "review.no-errors" }.map(\.message) == [
            "missing-field: missing header field '**Author**:' (the template has '\(authorTemplateValue)')",
        ])
        if hasReviewers {
            #expect(unmet.first { $0.gate == "review.reviewers-named" }?.message == "name the reviewers in 'Reviewers'")
        }

        // Filled in by hand (not a recorded change): everything except the sign-off rows.
        walk.bytes = fill(generated, template: template)
        walk.expectInvariants("filled")
        // Only the sign-off rows (filled by `sign`) still hold placeholders.
        let report = walk.checker.check(walk.spec)
        let signOffRange = SignOffTable(walk.spec).map { walk.spec.document.sourceRange($0.range) }
        let outside = report.diagnostics.filter { diagnostic in
            guard diagnostic.severity != .info else { return false }
            guard let signOffRange, diagnostic.rule == "placeholder" else { return true }
            return !(signOffRange.start.line...signOffRange.end.line).contains(diagnostic.line)
        }
        #expect(report.errors == 0)
        #expect(outside.isEmpty, "filled spec: \(outside.map(\.message))")
        #expect(report.warnings == (hasReviewers ? 9 : 0))
        if hasReviewers { #expect(walk.spec.field(.reviewers)?.value == "Alan Turing, Katherine Johnson") }
        try walk.transition(to: .review)
    }

    /// Ticks the review checklists and signs, checking the refusals on the way; then approves.
    static func approve(_ walk: Walk) throws {
        let roles = walk.template.schema.signOff?.roles ?? []
        let unmet = try walk.expectRefused(.approved, gateIDs: ["approved.review-checklists", "approved.signoffs"])
        let checklist = unmet.filter { $0.gate == "approved.review-checklists" }
        #expect(checklist.count == (walk.name == "feature-spec" ? 7 : 6))
        let signOffMessages = unmet.filter { $0.gate == "approved.signoffs" }.map(\.message)
        if roles.isEmpty {
            #expect(signOffMessages == ["no valid sign-off: the spec needs at least one sign-off matching its current text"])
        } else {
            #expect(signOffMessages == roles.map { "missing sign-off by \($0)" })
        }
        for gate in checklist { try walk.tick(for: gate) }
        try walk.expectRefused(.approved, gateIDs: ["approved.signoffs"])

        for (index, role) in (roles.isEmpty ? ["Technical Lead"] : roles).enumerated() {
            try sign(walk, role: role)
            if index + 1 < roles.count {
                let left = try walk.expectRefused(.approved, gateIDs: ["approved.signoffs"])
                #expect(left.map(\.message) == roles[(index + 1)...].map { "missing sign-off by \($0)" })
            }
        }
        walk.signed = true
        walk.expectInvariants("signed")
        try walk.transition(to: .approved)
        #expect(walk.version == "1.0")
    }

    /// Signs as `role`, checking exactly which lines the sign-off adds or changes.
    static func sign(_ walk: Walk, role: String) throws {
        let before = walk.spec
        let eol = walk.eol
        let date = String(format: "2026-02-%02d", walk.day + 1)
        // What is signed is the text after signing: for a spec without a sign-off table that
        // includes the new `## Sign-off` heading (the table itself and the TOC body are excluded).
        let editor = SpecEditor(spec: before, template: walk.template, recorder: ChangeRecorder(author: author, date: date))
        let preview = try editor.signOff(role: role, name: author)
        let signedSpec = Spec(bytes: preview.bytes, path: path)
        let hash = NormativeContent.hash(of: signedSpec)
        if SignOffTable(before) != nil {
            #expect(hash == NormativeContent.hash(of: before), "adding a signature to an existing table does not change what is signed")
        } else {
            #expect(hash != NormativeContent.hash(of: before), "the new Sign-off heading is part of the signed text")
        }
        var expected = ExpectedLines()
        var recordLineIndex: Int?
        if let table = SignOffTable(before) {
            let entry = try #require(table.entries.first { $0.role == role })
            let rowText = walk.lines(before)[entry.row.line]
            #expect(rowText.hasPrefix("| \(role) "))
            // The role cell keeps its padding; the others are replaced (wider than the columns).
            let roleCell = rowText.prefix(through: rowText.dropFirst().firstIndex(of: "|")!)
            expected.replaced[entry.row.line] = roleCell + " \(author) | \(date) | sha256:\(hash) |" + eol
            if table.records.isEmpty {
                let last = try #require(table.table.rows.last)
                expected.insert([eol], after: last.line)
                recordLineIndex = last.line
            }
        } else {
            // No table yet (feature-spec): a Sign-off section before the change log, and its TOC entry.
            let sections = before.outline.sections
            let log = try #require(sections.first { $0.title == "Change Log" })
            let logLine = before.document.source.lineIndex(ofOffset: log.heading.range.lowerBound)
            let toc = try #require(TableOfContents(before))
            let lastEntry = try #require(toc.entries.last)
            let tocLine = before.document.source.lineIndex(ofOffset: lastEntry.range.lowerBound)
            expected.replaced[tocLine] = "14. [Sign-off](#sign-off)" + eol
            expected.insert(["15. [Change Log](#change-log)" + eol], after: tocLine)
            expected.insert([
                "## Sign-off" + eol, eol,
                "| Role | Name | Date | Signature |" + eol,
                "|------|------|------|-----------|" + eol,
                "| \(role) | \(author) | \(date) | sha256:\(hash) |" + eol,
                eol,
            ], after: logLine - 1)
            recordLineIndex = logLine - 1
        }
        // The record line: the signed hash and the section digests of the signed text, computed
        // from the text itself (the signature excludes the table and its records, so signing does
        // not change them).
        var pending = expected
        let digests = NormativeContent.sectionDigests(of: signedSpec)
        let recordLine = "<!-- specwright:signed \(hash) " + digests.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + " -->"
        let table = try #require(SignOffTable(signedSpec))
        #expect(table.records.count == 1, "one record per signed hash")
        let record = try #require(table.records.first)
        #expect(record.hash == hash)
        #expect(record.sections.map(\.0) == digests.map(\.0))
        #expect(record.sections.map(\.1) == digests.map(\.1))
        #expect(record.sections.map(\.0).first == "_header")
        #expect(record.line == recordLine)
        #expect(signedSpec.document.string(record.range) == recordLine)
        if let recordLineIndex {
            pending.insert([recordLine + eol], after: recordLineIndex)
            if SignOffTable(before) == nil { pending.insert([eol], after: recordLineIndex) }
        }
        #expect(preview.summary == "Signed off: \(role) (\(author)), signature sha256:\(hash)")
        try walk.record("sign as \(role)", change: "Signed off: \(role) (\(author))", expected: pending) { try $0.signOff(role: role, name: author) }
        let entry = SignOffTable(walk.spec)?.entries.first { $0.role == role }
        #expect(entry?.name == author && entry?.date == date && entry?.signedHash == hash)
    }

    /// Edits approved text by hand (stale sign-offs, naming the section), reverts, then ticks the
    /// implementation checklists and moves to implemented.
    static func implement(_ walk: Walk) throws {
        let approved = walk.bytes
        let (section, old, new) = walk.name == "feature-spec"
            ? ("Overview", "Payment retries: Brief description", "Payment retries: A different description")
            : ("Executive Summary", "Payment retries: 2-3 sentence summary", "Payment retries: A different summary")
        let edited = TestSupport.replacing(old, with: new, in: approved)
        let editedSpec = Spec(bytes: edited, path: path)
        let stale = SignOffRule().check(walk.checker.context(for: editedSpec))
        let signers = SignOffTable(walk.spec)?.entries.filter { $0.signedHash != nil } ?? []
        #expect(!signers.isEmpty)
        #expect(stale.map(\.message) == signers.map {
            "sign-off by \($0.role) (\($0.name), \($0.date)) is stale: the spec changed after it was signed; changed since: \(section); sign again, or move the spec back to draft to revise it"
        })
        #expect(walk.checker.check(editedSpec).diagnostics.filter { $0.severity == .error }.map(\.rule) == signers.map { _ in "signoff" })
        // Decision (documented in GateEvaluator): → implemented checks only the implementation
        // checklists. A stale sign-off is a `check` error, not an implementation gate.
        try walk.expectRefused(.implemented, on: edited, gateIDs: ["implemented.implementation-checklists"])

        // Reverting the edit makes every sign-off valid again: the hash is of the text, not of history.
        let reverted = TestSupport.replacing(new, with: old, in: edited)
        #expect(reverted == approved)
        #expect(SignOffRule().check(walk.checker.context(for: Spec(bytes: reverted, path: path))).isEmpty)

        let unmet = try walk.expectRefused(.implemented, gateIDs: ["implemented.implementation-checklists"])
        #expect(unmet.count == (walk.name == "feature-spec" ? 8 : 6))
        for gate in unmet { try walk.tick(for: gate) }

        // With every implementation item ticked, a stale sign-off alone does not block the move.
        let staleButTicked = TestSupport.replacing(old, with: new, in: walk.bytes)
        #expect(walk.gates.unmetGates(for: Spec(bytes: staleButTicked, path: path), target: .implemented).isEmpty)

        try walk.transition(to: .implemented)
        #expect(walk.machine.allowedTargets(from: walk.status(.implemented)) == [walk.status(.draft)])
    }

    static func walk(_ name: String, crlf: Bool) throws {
        let walk = Walk(name, crlf: crlf)
        try review(walk)
        try approve(walk)
        try implement(walk)
        let expected: [String] = name == "feature-spec"
            // review, 7 ticks, 1 sign-off, approval, 8 ticks, implemented
            ? ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "0.10", "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9"]
            // review, 6 ticks, 3 sign-offs, approval, 6 ticks, implemented
            : ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "0.10", "0.11", "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]
        #expect(walk.versions == expected)
        let log = try #require(ChangeLogTable(walk.spec, schema: walk.template.schema))
        #expect(log.entries.map(\.version) == expected, "one change-log row per recorded change, in order")
        #expect(walk.checker.check(walk.spec).errors == 0)
    }

    // MARK: Tests

    @Test("DRAFT → IN_REVIEW → APPROVED → IMPLEMENTED with gates, bookkeeping and line-exact edits", arguments: templates)
    func lifecycle(_ name: String) throws {
        try Self.walk(name, crlf: false)
    }

    @Test("The same walk on a CRLF copy keeps CRLF on every line", arguments: templates)
    func lifecycleCRLF(_ name: String) throws {
        try Self.walk(name, crlf: true)
    }
}

extension LifecycleWalkTests.Walk {
    func lines(_ spec: Spec) -> [String] { LifecycleWalkTests.lines(spec.document.bytes) }
}
