/// A spec past draft must meet the gates of every move that leads to its status: the review gates
/// for a spec in review, review and approval gates for an approved one, all three for an implemented
/// one. So a status edited by hand cannot walk around the lifecycle that `status --set` enforces.
///
/// What another rule already reports is left to it: `review.no-errors` (the errors fail the check
/// themselves), unfilled placeholders in required sections (the `placeholder` rule reports them as
/// errors past draft) and stale sign-offs (the `signoff` rule). A gate a forced move skipped, as the
/// change log records, is a warning naming that entry: a visible waiver.
struct StatusGatesRule: Rule {
    let descriptor = RuleDescriptor(id: "status-gates", severity: .error, summary: "the spec's status is past a gate it does not meet",
                                    help: "Meet the gate (the message says how), or move the spec back to a status it qualifies for, with a reason. A move that skipped its gates on purpose is recorded in the change log as forced and reported as a warning instead.")

    var policy: GatePolicy

    func setsFindingSeverity(_ context: RuleContext) -> Bool { context.isPastDraft }

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let stage = context.stage, let field = context.spec.field(.status) else { return [] }
        let status = field.value
        let passed: [StatusMachine.Stage] = switch stage {
        case .review: [.review]
        case .approved: [.review, .approved]
        case .implemented: [.review, .approved, .implemented]
        case .draft, .other: []
        }
        var findings: [RuleFinding] = []
        for gateStage in passed {
            let waiver = context.waiver(for: gateStage)
            for gate in policy.unmetGates(in: context, target: gateStage) where !Self.reportedAsError(by: gate.alsoReportedBy, context) {
                // A gate about something absent (no sign-off table) is reported at the status it contradicts.
                let range = gate.range ?? field.valueRange
                if let waiver {
                    findings.append(RuleFinding("\(gate.message) [\(gate.gate)]; waived by the forced move \(waiver)", at: range, severity: .warning))
                } else {
                    findings.append(RuleFinding("\(gate.message) [\(gate.gate)]; the spec is \(status)", at: range))
                }
            }
        }
        return findings
    }
}

extension RuleContext {
    /// The change-log entry of a forced move into the status of `stage` ("of version 0.2
    /// (2026-11-30)"), when the latest move into it was forced; nil otherwise.
    func waiver(for stage: StatusMachine.Stage) -> String? {
        guard let statuses = schema?.statuses else { return nil }
        let machine = StatusMachine(statuses: statuses)
        // A return to draft starts the way up again: moves before it waive nothing now.
        let moves = RecordedMoves(spec).moves
        let since = moves.lastIndex { machine.resolve($0.target).map(machine.stage(of:)) == .draft }.map { $0 + 1 } ?? 0
        guard let last = moves[since...].last(where: { machine.resolve($0.target).map(machine.stage(of:)) == stage }), last.forced else { return nil }
        return last.entry
    }
}

extension StatusGatesRule {
    /// Whether `rule` reports the same problem as an error: at its default weight (both such rules
    /// report these as errors), or configured as error. Otherwise the gate is reported here, so
    /// turning a rule down never lets a gate go unenforced.
    static func reportedAsError(by rule: String?, _ context: RuleContext) -> Bool {
        guard let rule else { return false }
        switch context.configuredSeverities[rule] {
        case .none: return true
        case .some(let severity): return severity == .error
        }
    }
}

/// The status moves a spec's change log records (`Status DRAFT → IN_REVIEW`, `… (forced)`).
struct RecordedMoves {
    struct Move {
        var target: String
        var forced: Bool
        /// How the waiver is named: version and date of the change-log row.
        var entry: String
    }

    var moves: [Move] = []

    init(_ spec: Spec) {
        guard let log = ChangeLogTable(spec, schema: nil) else { return }
        let document = spec.document
        for entry in log.entries {
            let text = entry.row.cells.map { document.string($0) }.joined(separator: " | ")
            guard let start = text.range(of: "Status "), let arrow = text.range(of: " → ", range: start.upperBound..<text.endIndex) else { continue }
            // The target runs to the end of its cell or to a parenthesis: "(forced)", or a reason
            // the log has no column for. Statuses may have spaces ("In Review").
            let cell = text[arrow.upperBound...].prefix { $0 != "|" }
            let target = cell.components(separatedBy: " (").first?.trimmingSpaces ?? ""
            moves.append(Move(target: target, forced: cell.contains(" (forced)"), entry: "of version \(entry.version) (\(entry.date))"))
        }
    }

}
