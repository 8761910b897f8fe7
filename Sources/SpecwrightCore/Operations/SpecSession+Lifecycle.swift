/// Where a spec stands in its lifecycle: its status, each move allowed from it with the gates that
/// block it, and the sign-offs with whether they still match the text.
public struct LifecycleState: Sendable {
    /// One move allowed from the current status.
    public struct Move: Sendable {
        public var target: String
        public var stage: StatusMachine.Stage
        /// Gates that block the move (always empty for a move back to draft, which needs a reason instead).
        public var unmet: [UnmetGate]

        public var needsReason: Bool { stage == .draft }
        public var isReady: Bool { unmet.isEmpty && !needsReason }
    }

    /// A recorded sign-off and whether it matches the current text.
    public struct SignOff: Sendable {
        public var role: String
        public var name: String
        public var date: String
        public var isValid: Bool
    }

    public var template: String
    public var statuses: [String]
    /// The status field's value ("" when the spec has none).
    public var status: String
    /// The status as one of the template's; nil when the field holds something else.
    public var resolvedStatus: String?
    public var moves: [Move]
    public var signOffs: [SignOff]
    /// The current normative content's hash, which valid sign-offs carry.
    public var contentHash: String
}

extension SpecSession {
    /// The spec's lifecycle state; ``SpecwrightError/conflict(_:)`` when its template has no statuses.
    public func lifecycle() throws -> LifecycleState {
        guard let template, !template.schema.statuses.isEmpty else {
            throw SpecwrightError.conflict("\(spec.path): its template has no status field with alternatives, so it has no lifecycle")
        }
        let machine = StatusMachine(statuses: template.schema.statuses)
        let status = self.status ?? ""
        let resolved = machine.resolve(status)
        let targets = resolved.map { machine.allowedTargets(from: $0) } ?? []
        let moves = targets.map { target -> LifecycleState.Move in
            let stage = machine.stage(of: target)
            return LifecycleState.Move(target: target, stage: stage, unmet: stage == .draft ? [] : environment.gates.unmetGates(for: spec, target: stage))
        }
        let hash = NormativeContent.hash(of: spec)
        let signOffs = (SignOffTable(spec)?.entries ?? []).filter { $0.signedHash != nil }.map {
            LifecycleState.SignOff(role: $0.role, name: $0.name, date: $0.date, isValid: $0.signedHash == hash)
        }
        return LifecycleState(
            template: template.name, statuses: template.schema.statuses, status: status, resolvedStatus: resolved,
            moves: moves, signOffs: signOffs, contentHash: hash)
    }

    /// The lifecycle stage `status` names in this spec's template (nil if it names none).
    public func stage(of status: String) -> StatusMachine.Stage? {
        guard let statuses = template?.schema.statuses, !statuses.isEmpty else { return nil }
        let machine = StatusMachine(statuses: statuses)
        return machine.resolve(status).map(machine.stage(of:))
    }
}
