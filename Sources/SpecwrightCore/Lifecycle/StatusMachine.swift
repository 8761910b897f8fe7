/// The statuses a spec moves through, taken from its template's status field, and the moves allowed
/// between them.
///
/// Statuses are recognised by name (draft, review, approved, implemented; for a template with
/// four statuses and other names, by position). Allowed moves: draft → review, review → approved,
/// review → draft (changes requested), approved → implemented, and any → draft with a reason.
public struct StatusMachine: Sendable {
    public enum Stage: String, Sendable { case draft, review, approved, implemented, other }

    public let statuses: [String]

    public init(statuses: [String]) {
        self.statuses = statuses
    }

    public func stage(of status: String) -> Stage {
        let lower = status.lowercased()
        if lower.contains("draft") { return .draft }
        if lower.contains("review") { return .review }
        if lower.contains("approv") { return .approved }
        if lower.contains("implement") || lower == "done" { return .implemented }
        if statuses.count == 4, let index = statuses.firstIndex(of: status) {
            return [Stage.draft, .review, .approved, .implemented][index]
        }
        return .other
    }

    /// The status with `stage`, if the template has one.
    public func status(for stage: Stage) -> String? { statuses.first { self.stage(of: $0) == stage } }

    /// Where a spec in `current` may go.
    public func allowedTargets(from current: String) -> [String] {
        let targets: [Stage]
        switch stage(of: current) {
        case .draft: targets = [.review]
        case .review: targets = [.approved, .draft]
        case .approved: targets = [.implemented, .draft]
        case .implemented, .other: targets = [.draft]
        }
        return targets.compactMap(status(for:)).filter { $0 != current }
    }

    /// Resolves a user's `--set` value to a status, ignoring case and `_`/`-`/space differences.
    public func resolve(_ input: String) -> String? {
        func key(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
        return statuses.first { key($0) == key(input) }
    }
}
