import ArgumentParser
import Foundation
import SpecwrightClient
import SpecwrightCore
import SpecwrightWorkspace

/// `--server` and `--token`, for the commands that talk to a server.
struct ServerOptions: ParsableArguments {
    @Option(help: "The server, e.g. http://127.0.0.1:8080.")
    var server: String = "http://127.0.0.1:8080"

    @Option(help: "API token (default: SPECWRIGHT_TOKEN).")
    var token: String?

    func validate() throws {
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--server must be an http(s) URL, e.g. http://127.0.0.1:8080")
        }
        guard resolvedToken != nil else { throw ValidationError("give --token or set SPECWRIGHT_TOKEN") }
    }

    private var resolvedToken: String? {
        (token ?? ProcessInfo.processInfo.environment["SPECWRIGHT_TOKEN"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    var client: SpecwrightClient { SpecwrightClient(server: URL(string: server)!, token: resolvedToken!) }

    init() {}

    init(server: String, token: String?) {
        self.server = server
        self.token = token
    }
}

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Upload local spec files to a server as new revisions (slug = file name).")

    @Argument(help: "Files or folders (default: the workspace's specs folder).")
    var paths: [String] = []

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let opened = try WorkspaceEnvironment.open()
        let (files, problems) = SpecInput.expand(paths.isEmpty ? opened.defaultPaths : paths)
        for problem in problems { FileHandle.standardError.write(Data("specwright: \(problem.file): \(problem.message)\n".utf8)) }
        var failures = problems.count
        for result in await server.client.push(files) {
            switch result.outcome {
            case .created, .saved:
                print("\(result.file) → \(result.slug): \(result.outcome == .created ? "created" : "saved")")
            case .failed(let reason):
                failures += 1
                FileHandle.standardError.write(Data("specwright: \(result.file): \(reason)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode(2) }
    }
}

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Write the server's current specs to files (<slug>.md), atomically.")

    @OptionGroup var server: ServerOptions

    @Option(help: "Folder to write into (default: the workspace's specs folder).")
    var out: String?

    func run() async throws {
        let folder = try out.map { URL(fileURLWithPath: $0) } ?? WorkspaceEnvironment.open().workspace.specsDirectory
        let written = try await server.client.pull(into: folder)
        print("wrote \(written) spec\(written == 1 ? "" : "s") to \(DisplayPath.relative(folder))")
    }
}
