/// An edit a front end asks of a spec. Every edit is recorded like any change: the next version in
/// the header, today in Last Updated, a change-log row (see ``ChangeRecorder``).
public enum SpecOperation: Sendable, Equatable {
    /// Ticks (or unticks) the checklist item matching `item`: exactly (ignoring case), else the only
    /// item containing it.
    case tick(item: String, checked: Bool)
    /// Records a sign-off by `role`, bound to the current text.
    case signOff(role: String, name: String)
    /// Moves the spec to `status` if the move is allowed and every gate passes; `force` skips the
    /// gates (not the move's validity) and needs a reason.
    case transition(to: String, reason: String?, force: Bool)
    /// Records a change written by hand.
    case addChangeLogEntry(String, reason: String?)
    /// Replaces a section's own body (and optionally its heading's text).
    case updateSection(path: [String], body: String, newTitle: String?)
    /// The safe, idempotent fixes (see ``SpecFixer``).
    case fix
}

/// What an operation did: the spec before and after, and one line saying what changed. A refused
/// transition changes nothing and carries the refusal.
public struct SpecChange: Sendable {
    public var before: SpecSession
    public var after: SpecSession
    public var summary: String
    public var changed: Bool
    /// Set when a transition was refused by its gates.
    public var refusal: TransitionRefusal?
}

/// A transition refused because gates are unmet.
public struct TransitionRefusal: Sendable, Equatable {
    /// The status asked for, as the template spells it.
    public var target: String
    public var unmet: [UnmetGate]

    /// `cannot move to APPROVED: 2 unmet gates`.
    public var message: String {
        "cannot move to \(target): \(unmet.count) unmet gate\(unmet.count == 1 ? "" : "s")"
    }
}

/// A change and what saving it returned (nil when nothing was saved).
public struct SpecOutcome<Receipt: Sendable>: Sendable {
    public var change: SpecChange
    public var receipt: Receipt?
}

extension SpecSession {
    /// Applies `operation` as `author` without saving: the new bytes are in `after`.
    public func apply(_ operation: SpecOperation, by author: String) throws -> SpecChange {
        let editor = editor(author: author)
        let edit: SpecEdit
        switch operation {
        case .tick(let item, let checked):
            edit = try editor.tick(item, checked: checked)
        case .signOff(let role, let name):
            edit = try editor.signOff(role: role, name: name)
        case .transition(let target, let reason, let force):
            switch try editor.transition(to: target, reason: reason, force: force, gates: environment.gates) {
            case .applied(let applied):
                edit = applied
            case .refused(let unmet):
                let statuses = template?.schema.statuses ?? []
                let refusal = TransitionRefusal(target: StatusMachine(statuses: statuses).resolve(target) ?? target, unmet: unmet)
                return SpecChange(before: self, after: self, summary: refusal.message, changed: false, refusal: refusal)
            }
        case .addChangeLogEntry(let change, let reason):
            edit = try editor.addChangeLogEntry(change, reason: reason)
        case .updateSection(let path, let body, let newTitle):
            edit = try editor.replaceSectionBody(at: path, with: body, newTitle: newTitle)
        case .fix:
            edit = SpecFixer(template: template, recorder: editor.recorder).fix(spec)
        }
        return SpecChange(before: self, after: edit.changed ? replacing(bytes: edit.bytes) : self, summary: edit.summary, changed: edit.changed)
    }

    /// Applies `operation` as `author` and, if it changed the spec, saves the new text through
    /// `destination` (which refuses if the stored text is no longer this session's).
    public func perform<Destination: SpecSaving>(_ operation: SpecOperation, by author: String, saving destination: Destination) async throws -> SpecOutcome<Destination.Receipt> {
        let change = try apply(operation, by: author)
        guard change.changed else { return SpecOutcome(change: change, receipt: nil) }
        let receipt = try await destination.save(change.after, replacing: bytes, summary: change.summary)
        return SpecOutcome(change: change, receipt: receipt)
    }
}
