import ArgumentParser
import Foundation
import MCP
import SpecwrightCore
import SpecwrightMCP
import SpecwrightWorkspace

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve a spec workspace to AI agents over the Model Context Protocol (stdio).",
        discussion: """
            Tools: list_templates, list_specs, get_spec, create_spec, check_spec, update_section, tick_item, \
            set_status, add_changelog_entry. Resources: every spec and template. Prompts: one per template \
            section. Paths outside the workspace are refused.
            """)

    @Option(help: "The workspace folder (default: the nearest with specwright.yml, else the current one).")
    var workspace: String?

    @OptionGroup var author: AuthorOption

    func run() async throws {
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
