import Foundation
import MCP
import SpecwrightCore

/// A Model Context Protocol server over one spec workspace: tools to list, read, create, check and
/// edit specs (with the CLI's gates and its atomic, surgical edits), every spec and template as a
/// resource, and a drafting prompt per template section.
///
/// ```swift
/// let server = SpecwrightMCPServer(workspace: workspace, environment: environment, author: "Ada")
/// try await server.run(transport: StdioTransport())
/// ```
public final class SpecwrightMCPServer: Sendable {
    let workspace: Workspace
    let environment: SpecEnvironment
    /// Who edits are recorded as when a tool call names no author.
    let author: String
    /// Paths the tools take, confined to the workspace.
    let paths: WorkspacePaths

    /// A server over `workspace` whose operations use `environment` (the CLI builds both from the
    /// workspace's config).
    public init(workspace: Workspace, environment: SpecEnvironment, author: String) {
        (self.workspace, self.environment, self.author) = (workspace, environment, author)
        paths = WorkspacePaths(root: workspace.root)
    }

    /// An MCP server with every handler registered, not yet started.
    public func makeServer() async -> Server {
        let server = Server(
            name: "specwright", version: SpecwrightVersion.current, title: "Specwright",
            instructions: """
                Specwright checks technical specs against their templates and moves them through \
                DRAFT → IN_REVIEW → APPROVED → IMPLEMENTED. Typical flow: list_templates, create_spec, \
                get_spec, update_section for each section (replacing every placeholder), check_spec until \
                there are no errors, tick_item for done checklist items, then set_status. Paths are \
                relative to the workspace root.
                """,
            capabilities: .init(prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: ToolCatalog.tools) }
        await server.withMethodHandler(CallTool.self) { [self] params in await self.call(params) }
        await server.withMethodHandler(ListResources.self) { [self] _ in .init(resources: self.resources(), nextCursor: nil) }
        await server.withMethodHandler(ReadResource.self) { [self] params in .init(contents: [try self.readResource(params.uri)]) }
        await server.withMethodHandler(ListPrompts.self) { [self] _ in .init(prompts: self.prompts(), nextCursor: nil) }
        await server.withMethodHandler(GetPrompt.self) { [self] params in try self.prompt(params.name, arguments: params.arguments) }
        return server
    }

    /// Serves until the client disconnects.
    public func run(transport: any Transport) async throws {
        let server = await makeServer()
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
    }

    // MARK: Tool dispatch

    func call(_ params: CallTool.Parameters) async -> CallTool.Result {
        let arguments = ToolArguments(params.arguments ?? [:])
        do {
            let output: any Encodable
            switch params.name {
            case "list_templates": output = listTemplates()
            case "list_specs": output = try listSpecs(arguments)
            case "get_spec": output = try getSpec(arguments)
            case "create_spec": output = try createSpec(arguments)
            case "check_spec": output = try checkSpec(arguments)
            case "update_section": output = try await updateSection(arguments)
            case "tick_item": output = try await tickItem(arguments)
            case "set_status":
                let status = try await setStatus(arguments)
                return try result(status, isError: !status.applied)
            case "add_changelog_entry": output = try await addChangeLogEntry(arguments)
            default: throw ToolError("unknown tool '\(params.name)'; see tools/list")
            }
            return try result(output, isError: false)
        } catch {
            return CallTool.Result(content: [.text(text: Self.message(for: error), annotations: nil, _meta: nil)], isError: true)
        }
    }

    private func result(_ output: any Encodable, isError: Bool) throws -> CallTool.Result {
        let data = try JSONFormat.prettyEncoder.encode(output)
        let structured = try JSONDecoder().decode(Value.self, from: data)
        return try CallTool.Result(content: [.text(text: String(decoding: data, as: UTF8.self), annotations: nil, _meta: nil)], structuredContent: structured, isError: isError)
    }

    static func message(for error: any Error) -> String {
        switch error {
        case .missingInput(.reason, let message) as SpecwrightError: return "\(message): give the 'reason' argument"
        case let error as SpecwrightError: return error.description
        case let error as ToolError: return error.description
        case let error as WorkspacePaths.PathError: return error.description
        default: return "\(error)"
        }
    }
}

/// A tool call's failure, reported to the agent as an MCP tool error.
struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Typed access to a tool call's arguments.
struct ToolArguments {
    let values: [String: Value]

    init(_ values: [String: Value]) { self.values = values }

    func string(_ name: String) -> String? {
        guard let value = values[name] else { return nil }
        if let text = value.stringValue { return text }
        return nil
    }

    func required(_ name: String) throws -> String {
        guard let text = string(name), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ToolError("missing required argument '\(name)'")
        }
        return text
    }

    func bool(_ name: String) -> Bool? { values[name]?.boolValue }
}
