import Foundation
import SpecwrightCore

/// What the spec page shows that depends on a revision's text alone, computed once per content
/// hash: the rendered document, outline, findings by section, header facts, lifecycle moves with
/// their gates, the sign-off table and the checklist.
struct SpecTextView: Sendable {
    struct Section: Sendable, Encodable {
        var title: String
        var anchor: String
        var level: Int
        var line: Int
        var percent: Int
        var findings: [FindingView]
    }

    struct FindingView: Sendable, Encodable {
        var line: Int
        var column: Int
        var severity: String
        var rule: String
        var message: String
    }

    struct Move: Sendable, Encodable {
        struct Gate: Sendable, Encodable {
            var message: String
            var gate: String
            var line: Int?
        }

        var target: String
        var stage: String
        var needsReason: Bool
        var gates: [Gate]
        var ready: Bool { gates.isEmpty }
    }

    struct SignOffRow: Sendable, Encodable {
        var role: String
        var name: String
        var date: String
        var signedHash: String?
        var valid: Bool
        /// Sections changed since the signature, when it is stale.
        var changed: [String]
    }

    struct ChecklistItem: Sendable, Encodable {
        var text: String
        var checked: Bool
        var line: Int
        var section: String?
    }

    var html: String
    var completeness: Double
    var errors: Int
    var warnings: Int
    var facts: [(key: String, value: String)]
    var sections: [Section]
    /// Findings above the first section (title, header fields).
    var headerFindings: [FindingView]
    var status: String?
    var statuses: [String]
    var moves: [Move]
    var signOffs: [SignOffRow]
    var contentHash: String
    var checklist: [ChecklistItem]

    var size: Int { html.utf8.count * 2 + 4096 }

    init(session: SpecSession) {
        let spec = session.spec
        let document = spec.document
        html = HTMLRenderer(options: .untrusted).render(document)
        let report = session.check()
        let overview = SpecOverview(spec: spec, checker: session.environment.checker, report: report)
        completeness = overview.completeness
        errors = overview.errors
        warnings = overview.warnings
        facts = overview.metadata.map { ($0.key, $0.value) }
        let findings = report.diagnostics.map { diagnostic in
            FindingView(line: diagnostic.range?.start.line ?? 1, column: diagnostic.range?.start.column ?? 1, severity: diagnostic.severity.rawValue,
                        rule: diagnostic.rule, message: diagnostic.message)
        }
        let anchors = spec.outline.sectionAnchors()
        var sections = overview.sections.enumerated().map { index, line in
            Section(title: line.title, anchor: anchors[index], level: line.level, line: line.line, percent: Int((line.completeness * 100).rounded()), findings: [])
        }
        var headerFindings: [FindingView] = []
        for finding in findings {
            if let index = sections.lastIndex(where: { $0.line <= finding.line }) {
                sections[index].findings.append(finding)
            } else {
                headerFindings.append(finding)
            }
        }
        self.sections = sections
        self.headerFindings = headerFindings
        status = session.status
        let lifecycle = try? session.lifecycle()
        statuses = lifecycle?.statuses ?? []
        moves = (lifecycle?.moves ?? []).map { move in
            Move(target: move.target, stage: move.stage.rawValue, needsReason: move.needsReason,
                 gates: move.unmet.map { .init(message: $0.message, gate: $0.gate, line: $0.range?.start.line) })
        }
        contentHash = NormativeContent.hash(of: spec)
        signOffs = Self.signOffs(of: spec)
        checklist = TaskItems.collect(in: document).map { item in
            ChecklistItem(text: item.text, checked: item.checked, line: item.line + 1,
                          section: spec.outline.sections.last { $0.range.contains(item.checkbox.lowerBound) }?.title)
        }
    }

    /// The sign-off table's rows, each valid or not against the text as it is, with the sections
    /// changed since a stale signature.
    static func signOffs(of spec: Spec) -> [SignOffRow] {
        let hash = NormativeContent.hash(of: spec)
        let table = SignOffTable(spec)
        return (table?.entries ?? []).map { entry in
            let signed = entry.signedHash
            let valid = signed == hash
            var changed: [String] = []
            if let signed, !valid, let record = table?.records.first(where: { $0.hash == signed }) {
                changed = NormativeContent.changedSections(of: spec, since: record)
            }
            return SignOffRow(role: entry.role, name: entry.name, date: entry.date, signedHash: signed, valid: valid, changed: changed)
        }
    }
}
