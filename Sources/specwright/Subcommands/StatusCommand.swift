import ArgumentParser
import Foundation
import SpecwrightCore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a spec's status and what blocks each next move, or move it with --set.",
        discussion: """
            Moves: draft → review, review → approved, review → draft, approved → implemented, any → draft \
            (with --reason). A move is refused (exit 1, nothing written) while a gate is unmet; --force skips \
            the gates, needs --reason, and is recorded in the change log as forced.
            """)

    @Argument(help: "The spec file.")
    var path: String

    @Option(help: "Move the spec to this status.")
    var set: String?

    @Option(help: "Why (recorded in the change log; required for moves back to draft and with --force).")
    var reason: String?

    @Flag(help: "Skip the gates (not the allowed moves).")
    var force = false

    @Option(help: "Who makes the change (default: git's user.name, else $USER).")
    var author: String?

    func validate() throws {
        if set == nil && (force || reason != nil) { throw ValidationError("--force and --reason go with --set") }
    }

    func run() throws {
        let context = try CommandContext.load()
        if let target = set {
            var refused: [UnmetGate] = []
            let edit = try SpecFileEditing.edit(path, context: context, author: author) { editor in
                switch try editor.transition(to: target, reason: reason, force: force, gates: context.gates) {
                case .applied(let edit): return edit
                case .refused(let unmet):
                    refused = unmet
                    return SpecEdit(bytes: editor.spec.document.bytes, summary: "", changed: false)
                }
            }
            if !refused.isEmpty {
                let spec = try SpecFileEditing.loadSpec(path)
                let statuses = context.checker.templateChoice(for: spec).0?.schema.statuses ?? []
                let shown = StatusMachine(statuses: statuses).resolve(target) ?? target
                print("\(path): cannot move to \(shown): \(refused.count) unmet gate\(refused.count == 1 ? "" : "s")")
                for gate in refused { print("  " + describe(gate)) }
                throw ExitCode(1)
            }
            print("\(path): \(edit.summary)")
            return
        }
        try report(context)
    }

    private func describe(_ gate: UnmetGate) -> String {
        let position = gate.range.map { "\(path):\($0.start.line):\($0.start.column): " } ?? "\(path): "
        return position + gate.message + "  [\(gate.gate)]"
    }

    private func report(_ context: CommandContext) throws {
        let spec = try SpecFileEditing.loadSpec(path)
        let (template, _) = context.checker.templateChoice(for: spec)
        guard let statuses = template?.schema.statuses, !statuses.isEmpty else {
            throw SpecwrightError.invalidArgument("\(path): its template has no status field with alternatives, so it has no lifecycle")
        }
        let machine = StatusMachine(statuses: statuses)
        let current = spec.field(.status)?.value ?? ""
        print("\(path): \(current.isEmpty ? "(no status)" : current)  (template \(template!.name); statuses \(statuses.joined(separator: " → ")))")
        guard let resolved = machine.resolve(current) else {
            print("  the status is not one of the template's; fix it (check reports it) before moving on")
            throw ExitCode(1)
        }
        for target in machine.allowedTargets(from: resolved) {
            let stage = machine.stage(of: target)
            let unmet = context.gates.unmetGates(for: spec, target: stage)
            if stage == .draft {
                print("→ \(target): allowed with --reason")
            } else if unmet.isEmpty {
                print("→ \(target): ready")
            } else {
                print("→ \(target): blocked by \(unmet.count) unmet gate\(unmet.count == 1 ? "" : "s")")
                for gate in unmet { print("  " + describe(gate)) }
            }
        }
        if let table = SignOffTable(spec) {
            let hash = NormativeContent.hash(of: spec)
            let signed = table.entries.filter { $0.signedHash != nil }
            if !signed.isEmpty {
                print("Sign-offs (current content sha256:\(hash)):")
                for entry in signed {
                    print("  \(entry.role): \(entry.name), \(entry.date), \(entry.signedHash == hash ? "valid" : "STALE")")
                }
            }
        }
    }
}
