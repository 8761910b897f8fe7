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

            With --server URL (and --token or SPECWRIGHT_TOKEN) the argument is a slug on that server: the \
            report includes the spec's open review concerns, which block approval, and --set asks the \
            server to move it (as the token's user; --force is not offered there).
            """)

    @OptionGroup var spec: SpecFileArgument

    @Option(help: "Move the spec to this status.")
    var set: String?

    @Option(help: "Why (recorded in the change log; required for moves back to draft and with --force).")
    var reason: String?

    @Flag(help: "Skip the gates (not the allowed moves).")
    var force = false

    @OptionGroup var author: AuthorOption

    @Option(help: "A Specwright server: the argument is then a spec's slug there, e.g. http://127.0.0.1:8080.")
    var server: String?

    @Option(help: "API token for --server (default: SPECWRIGHT_TOKEN).")
    var token: String?

    func validate() throws {
        if set == nil && (force || reason != nil) { throw ValidationError("--force and --reason go with --set") }
        if server == nil, token != nil { throw ValidationError("--token goes with --server") }
        if server != nil, force { throw ValidationError("--force is not offered with --server: the server enforces every gate") }
    }

    func run() async throws {
        if let server { return try await runRemote(ServerOptions(server: server, token: token)) }
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

    /// The same report for a spec on a server, its open concerns among the gates; a move is the
    /// server's transition (its refusal lists the unmet gates, concerns included).
    private func runRemote(_ options: ServerOptions) async throws {
        try options.validate()
        let client = options.client
        let slug = spec.path
        if let target = set {
            var body: [String: String] = ["to": target]
            body["reason"] = reason
            let reply = try await client.send("POST", "api/v1/specs/\(slug)/transitions", body: try JSONEncoder().encode(body), contentType: "application/json")
            guard reply.isSuccess else {
                print("\(slug): \(reply.errorMessage)")
                throw ExitCode(reply.status == 409 ? 1 : 2)
            }
            print("\(slug): moved to \(target)")
            return
        }
        let text = try await client.send("GET", "api/v1/specs/\(slug)", headers: ["Accept": "text/markdown"])
        guard text.isSuccess else { throw SpecwrightError.invalid("\(slug): \(text.errorMessage)") }
        let threads = try await client.send("GET", "api/v1/specs/\(slug)/threads", query: ["state": "open"])
        guard threads.isSuccess else { throw SpecwrightError.invalid("\(slug): \(threads.errorMessage)") }
        struct Threads: Decodable {
            struct Thread: Decodable {
                struct Comment: Decodable { var body: String }
                var id: Int64
                var kind: String
                var author: String
                var section: [String]
                var comments: [Comment]
            }
            var threads: [Thread]
        }
        let concerns = try JSONDecoder().decode(Threads.self, from: threads.body).threads.filter { $0.kind == "concern" }.map { thread in
            OpenConcern(id: thread.id, author: thread.author, sectionPath: thread.section,
                        summary: String(thread.comments.first?.body.split(whereSeparator: \.isNewline).first ?? ""))
        }
        let environment = try WorkspaceEnvironment.open().environment.withOpenConcerns(concerns)
        try report(try SpecSession(bytes: [UInt8](text.body), path: slug, environment: environment).lifecycle())
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
