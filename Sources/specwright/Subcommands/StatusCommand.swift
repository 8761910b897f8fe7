import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a spec's status and what blocks each next move, or move it with --set.",
        discussion: """
            Moves: draft → review, review → approved, review → draft, approved → implemented, any → draft \
            (with --reason). A move is refused (exit 1, nothing written) while a gate is unmet; --force skips \
            the gates, needs --reason, and is recorded in the change log as forced.
            """)

    @OptionGroup var spec: SpecFileArgument

    @Option(help: "Move the spec to this status.")
    var set: String?

    @Option(help: "Why (recorded in the change log; required for moves back to draft and with --force).")
    var reason: String?

    @Flag(help: "Skip the gates (not the allowed moves).")
    var force = false

    @OptionGroup var author: AuthorOption

    func validate() throws {
        if set == nil && (force || reason != nil) { throw ValidationError("--force and --reason go with --set") }
    }

    func run() async throws {
        let file = SpecFile(path: spec.path)
        let session = try SpecSession(file, environment: try WorkspaceEnvironment.open().environment)
        guard let target = set else { return try report(try session.lifecycle()) }
        let outcome = try await session.perform(.transition(to: target, reason: reason, force: force), by: author.resolved, saving: file)
        if let refusal = outcome.change.refusal {
            print("\(spec.path): \(refusal.message)")
            for gate in refusal.unmet { print("  " + describe(gate)) }
            throw ExitCode(1)
        }
        print("\(spec.path): \(outcome.change.summary)")
    }

    private func describe(_ gate: UnmetGate) -> String {
        let position = gate.range.map { "\(spec.path):\($0.start.line):\($0.start.column): " } ?? "\(spec.path): "
        return position + gate.message + "  [\(gate.gate)]"
    }

    private func report(_ state: LifecycleState) throws {
        print("\(spec.path): \(state.status.isEmpty ? "(no status)" : state.status)  (template \(state.template); statuses \(state.statuses.joined(separator: " → ")))")
        guard state.resolvedStatus != nil else {
            print("  the status is not one of the template's; fix it (check reports it) before moving on")
            throw ExitCode(1)
        }
        for move in state.moves {
            if move.needsReason {
                print("→ \(move.target): allowed with --reason")
            } else if move.isReady {
                print("→ \(move.target): ready")
            } else {
                print("→ \(move.target): blocked by \(move.unmet.count) unmet gate\(move.unmet.count == 1 ? "" : "s")")
                for gate in move.unmet { print("  " + describe(gate)) }
            }
        }
        if !state.signOffs.isEmpty {
            print("Sign-offs (current content sha256:\(state.contentHash)):")
            for signOff in state.signOffs {
                print("  \(signOff.role): \(signOff.name), \(signOff.date), \(signOff.isValid ? "valid" : "STALE")")
            }
        }
    }
}
