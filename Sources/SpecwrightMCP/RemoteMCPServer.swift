import Foundation
import MCP
import SpecwrightClient
import SpecwrightCore

/// A Model Context Protocol server over a Specwright server's API: the spec tools of the workspace
/// server, by slug, plus review tools (threads, replies, concerns, suggested edits). The agent acts
/// as its token's user: the server's roles, gates and If-Match checks apply to everything it does.
///
/// ```swift
/// let server = RemoteMCPServer(client: SpecwrightClient(server: url, token: token), environment: environment)
/// try await server.run(transport: StdioTransport())
/// ```
public final class RemoteMCPServer: Sendable {
    let client: SpecwrightClient
    /// Applies edits (sections, ticks, change-log rows) to the server's text before saving it back.
    let environment: SpecEnvironment

    public init(client: SpecwrightClient, environment: SpecEnvironment) {
        self.client = client
        self.environment = environment
    }

    public func makeServer() async -> Server {
        let server = Server(
            name: "specwright", version: SpecwrightVersion.current, title: "Specwright (\(client.server.absoluteString))",
            instructions: """
                Specwright specs on a server, as your token's user. Review flow: list_specs, get_spec, \
                list_threads, then reply, raise_concern (blocks approval until resolved) or suggest_edit \
                (people apply it). Authoring flow: create_spec, update_section, check_spec, tick_item, set_status.
                """,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: RemoteToolCatalog.tools) }
        await server.withMethodHandler(CallTool.self) { [self] params in await self.call(params) }
        await server.withMethodHandler(ListResources.self) { [self] _ in .init(resources: try await self.resources(), nextCursor: nil) }
        await server.withMethodHandler(ReadResource.self) { [self] params in .init(contents: [try await self.readResource(params.uri)]) }
        return server
    }

    public func run(transport: any Transport) async throws {
        let server = await makeServer()
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
    }

    func call(_ params: CallTool.Parameters) async -> CallTool.Result {
        let arguments = ToolArguments(params.arguments ?? [:])
        do {
            let reply: Data
            switch params.name {
            case "list_templates": reply = try await get("api/v1/templates")
            case "list_specs": reply = try await get("api/v1/specs", query: ["limit": "100", "status": arguments.string("status"), "template": arguments.string("template")])
            case "get_spec": reply = try await getSpec(arguments)
            case "create_spec":
                reply = try await post("api/v1/specs", ["title": .string(try arguments.required("title")), "template": arguments.string("template").map(Value.string) ?? .null])
            case "check_spec": reply = try await check(arguments)
            case "update_section":
                let heading = try arguments.required("heading").split(separator: ">").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard let body = arguments.string("body") else { throw ToolError("missing required argument 'body'") }
                reply = try await edit(arguments, .updateSection(path: heading, body: body, newTitle: arguments.string("new_heading")))
            case "tick_item": reply = try await edit(arguments, .tick(item: try arguments.required("item"), checked: arguments.bool("checked") ?? true))
            case "add_changelog_entry": reply = try await edit(arguments, .addChangeLogEntry(try arguments.required("change"), reason: arguments.string("reason")))
            case "set_status":
                reply = try await post("api/v1/specs/\(try slug(arguments))/transitions",
                                       ["to": .string(try arguments.required("status")), "reason": arguments.string("reason").map(Value.string) ?? .null])
            case "list_threads":
                let state = arguments.string("state") ?? "open"
                reply = try await get("api/v1/specs/\(try slug(arguments))/threads", query: ["state": state])
            case "get_thread": reply = try await get("api/v1/specs/\(try slug(arguments))/threads/\(try thread(arguments))")
            case "reply": reply = try await post("api/v1/specs/\(try slug(arguments))/threads/\(try thread(arguments))/comments", ["body": .string(try arguments.required("body"))])
            case "comment":
                let kind = arguments.string("kind") ?? "comment"
                guard kind == "comment" || kind == "question" else { throw ToolError("kind is comment or question; use raise_concern for a concern") }
                reply = try await openThread(arguments, kind: kind, suggestion: nil)
            case "raise_concern": reply = try await openThread(arguments, kind: "concern", suggestion: nil)
            case "suggest_edit":
                _ = try arguments.required("quote")
                guard let replacement = arguments.string("replacement") else { throw ToolError("missing required argument 'replacement'") }
                reply = try await openThread(arguments, kind: "comment", suggestion: replacement)
            default: throw ToolError("unknown tool '\(params.name)'; see tools/list")
            }
            let structured = try JSONDecoder().decode(Value.self, from: reply.isEmpty ? Data("{}".utf8) : reply)
            let text = String(decoding: try JSONFormat.prettyEncoder.encode(structured), as: UTF8.self)
            return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured, isError: false)
        } catch {
            return CallTool.Result(content: [.text(text: SpecwrightMCPServer.message(for: error), annotations: nil, _meta: nil)], isError: true)
        }
    }
}
