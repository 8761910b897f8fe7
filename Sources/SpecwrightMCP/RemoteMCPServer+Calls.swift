import Foundation
import MCP
import SpecwrightClient
import SpecwrightCore

extension RemoteMCPServer {
    func slug(_ arguments: ToolArguments) throws -> String {
        let slug = try arguments.required("slug")
        guard slug.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { throw ToolError("'\(slug)' is not a slug (a-z, 0-9 and -)") }
        return slug
    }

    func thread(_ arguments: ToolArguments) throws -> Int {
        guard let value = arguments.values["thread"], let number = value.intValue ?? value.stringValue.flatMap(Int.init), number > 0 else {
            throw ToolError("missing or invalid argument 'thread' (a thread number from list_threads)")
        }
        return number
    }

    /// The body of a 2xx answer, else the server's error as a tool error.
    func checked(_ reply: SpecwrightClient.Reply) throws -> Data {
        guard reply.isSuccess else { throw ToolError("the server answered \(reply.status): \(reply.errorMessage)") }
        return reply.body
    }

    func get(_ path: String, query: [String: String?] = [:]) async throws -> Data {
        try checked(try await client.send("GET", path, query: query))
    }

    func post(_ path: String, _ object: [String: Value], headers: [String: String] = [:]) async throws -> Data {
        let body = try JSONEncoder().encode(Value.object(object.filter { $0.value != .null }))
        return try checked(try await client.send("POST", path, body: body, contentType: "application/json", headers: headers))
    }

    /// The spec's text and the ETag a save must name.
    func markdown(_ slug: String) async throws -> (String, String) {
        let reply = try await client.send("GET", "api/v1/specs/\(slug)", headers: ["Accept": "text/markdown"])
        let body = try checked(reply)
        return (String(decoding: body, as: UTF8.self), reply.headers["etag"] ?? "*")
    }

    func getSpec(_ arguments: ToolArguments) async throws -> Data {
        let slug = try slug(arguments)
        var detail = try JSONDecoder().decode([String: Value].self, from: try await get("api/v1/specs/\(slug)"))
        detail["markdown"] = .string(try await markdown(slug).0)
        return try JSONEncoder().encode(detail)
    }

    func check(_ arguments: ToolArguments) async throws -> Data {
        let markdown: String
        if let given = arguments.string("markdown") { markdown = given } else { markdown = try await self.markdown(try slug(arguments)).0 }
        return try await post("api/v1/check", ["markdown": .string(markdown), "template": arguments.string("template").map(Value.string) ?? .null])
    }

    /// Applies `operation` to the server's current text as the token's user, and saves the result
    /// over the revision it started from (`If-Match`): a concurrent save is refused, not lost.
    func edit(_ arguments: ToolArguments, _ operation: SpecOperation) async throws -> Data {
        let slug = try slug(arguments)
        let (text, etag) = try await markdown(slug)
        let me = try JSONDecoder().decode([String: String].self, from: try await get("api/v1/me"))
        let session = SpecSession(bytes: Array(text.utf8), path: slug, environment: environment)
        let change = try session.apply(operation, by: me["name"] ?? "agent")
        guard change.changed else { return try JSONEncoder().encode(["slug": slug, "changed": "false", "summary": change.summary]) }
        let body = try JSONEncoder().encode(["markdown": change.after.text, "message": change.summary])
        let saved = try checked(try await client.send("PUT", "api/v1/specs/\(slug)", body: body, contentType: "application/json", headers: ["If-Match": etag]))
        var detail = try JSONDecoder().decode([String: Value].self, from: saved)
        detail["summary"] = .string(change.summary)
        return try JSONEncoder().encode(detail)
    }

    func openThread(_ arguments: ToolArguments, kind: String, suggestion: String?) async throws -> Data {
        var body: [String: Value] = ["kind": .string(kind), "body": .string(try arguments.required("body"))]
        if let section = arguments.string("section") {
            body["section"] = .array(section.split(separator: ">").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") })
        }
        if let quote = arguments.string("quote"), !quote.isEmpty { body["quote"] = .string(quote) }
        if let suggestion { body["suggestion"] = .string(suggestion) }
        return try await post("api/v1/specs/\(try slug(arguments))/threads", body)
    }

    static let resourceScheme = "specwright://server/"

    func resources() async throws -> [Resource] {
        struct Page: Decodable {
            struct Summary: Decodable { var slug: String; var title: String }
            var specs: [Summary]
        }
        let page = try JSONDecoder().decode(Page.self, from: try await get("api/v1/specs", query: ["limit": "100"]))
        return page.specs.map { Resource(name: $0.slug, uri: Self.resourceScheme + $0.slug, description: $0.title, mimeType: "text/markdown") }
    }

    func readResource(_ uri: String) async throws -> Resource.Content {
        guard uri.hasPrefix(Self.resourceScheme) else { throw MCPError.invalidParams("unknown resource \(uri); see resources/list") }
        let slug = String(uri.dropFirst(Self.resourceScheme.count))
        return .text(try await markdown(slug).0, uri: uri, mimeType: "text/markdown")
    }
}
