import ArgumentParser
import Foundation
import MCP
import SpecwrightCore
import SpecwrightMCP
import SpecwrightWorkspace

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve a spec workspace, or a server's specs, to AI agents over the Model Context Protocol (stdio).",
        discussion: """
            Tools: list_templates, list_specs, get_spec, create_spec, check_spec, update_section, tick_item, \
            set_status, add_changelog_entry. Resources: every spec and template. Prompts: one per template \
            section. Paths outside the workspace are refused.

            With --server URL (and --token or SPECWRIGHT_TOKEN) the agent works on the server's specs as the \
            token's user: the same tools by slug, plus list_threads, get_thread, comment, reply, \
            raise_concern and suggest_edit. It cannot apply suggestions; people do.
            """)

    @Option(help: "The workspace folder (default: the nearest with specwright.yml, else the current one).")
    var workspace: String?

    @OptionGroup var author: AuthorOption

    @Option(help: "Serve this server's specs through its API instead of a folder, e.g. http://127.0.0.1:8080.")
    var server: String?

    @Option(help: "API token for --server (default: SPECWRIGHT_TOKEN).")
    var token: String?

    func validate() throws {
        if server == nil, token != nil { throw ValidationError("--token goes with --server") }
        if server != nil, workspace != nil { throw ValidationError("give --server or --workspace, not both") }
    }

    func run() async throws {
        if let server {
            let remote = ServerOptions(server: server, token: token)
            try remote.validate()
            let environment = try WorkspaceEnvironment.open().environment
            try await RemoteMCPServer(client: remote.client, environment: environment).run(transport: StdioTransport())
            return
        }
        let directory = workspace.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw SpecwrightError.unreadable(path: directory.path, reason: "not a folder")
            }
        }
        // The given folder is the workspace root, with its own specwright.yml if it has one.
        var opened = try WorkspaceEnvironment.open(from: directory)
        if let directory { opened = opened.rooted(at: directory) }
        let server = SpecwrightMCPServer(workspace: opened.workspace, environment: opened.environment, author: author.resolved)
        try await server.run(transport: StdioTransport())
    }
}
