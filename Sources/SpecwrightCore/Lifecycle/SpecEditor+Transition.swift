extension SpecEditor {
    /// What happened to a requested transition.
    public enum TransitionOutcome: Sendable {
        case applied(SpecEdit)
        case refused(unmet: [UnmetGate])
    }

    /// Moves the spec to `target` (a status of its template), if the move is allowed and every gate
    /// passes; `force` skips the gates (not the move's validity) and needs a reason, recorded as forced.
    public func transition(to target: String, reason: String?, force: Bool, gates: GateEvaluator) throws -> TransitionOutcome {
        guard let schema = template?.schema, !schema.statuses.isEmpty else {
            throw SpecwrightError.conflict("\(spec.path): its template has no status field with alternatives, so it has no lifecycle")
        }
        let machine = StatusMachine(statuses: schema.statuses)
        guard let field = spec.field(.status) else {
            throw SpecwrightError.conflict("\(spec.path): has no status field")
        }
        guard let current = machine.resolve(field.value) else {
            throw SpecwrightError.conflict("\(spec.path): status '\(field.value)' is not one of \(schema.statuses.joined(separator: ", ")); fix it first")
        }
        guard let resolved = machine.resolve(target) else {
            throw SpecwrightError.conflict("'\(target)' is not a status of this spec's template; statuses: \(schema.statuses.joined(separator: ", "))")
        }
        let allowed = machine.allowedTargets(from: current)
        guard allowed.contains(resolved) else {
            let moves = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            throw SpecwrightError.conflict("\(spec.path): cannot move from \(current) to \(resolved); allowed from \(current): \(moves)")
        }
        let stage = machine.stage(of: resolved)
        let trimmedReason = reason?.trimmingSpaces
        if stage == .draft && (trimmedReason ?? "").isEmpty {
            throw SpecwrightError.missingInput(.reason, "moving back to \(resolved) needs a reason")
        }
        if force && (trimmedReason ?? "").isEmpty {
            throw SpecwrightError.missingInput(.reason, "skipping the gates needs a reason (it is recorded in the change log)")
        }
        if !force {
            let unmet = gates.unmetGates(for: spec, target: stage)
            if !unmet.isEmpty { return .refused(unmet: unmet) }
        }
        let change = "Status \(current) → \(resolved)\(force ? " (forced)" : "")"
        let edits = [ByteEdit(range: field.valueRange, with: resolved)]
        let bytes = recorded(edits, change: change, reason: trimmedReason, approval: stage == .approved)
        return .applied(SpecEdit(bytes: bytes, summary: change, changed: true))
    }
}
