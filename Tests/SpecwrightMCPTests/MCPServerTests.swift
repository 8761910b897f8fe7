import Foundation
import MCP
import SpecwrightEmbeddedChecks
import SpecwrightCore
import Testing

@testable import SpecwrightMCP

/// The MCP server driven in-process through the SDK's own client over an in-memory transport.
@Suite("MCP server")
struct MCPServerTests {
    /// A temporary workspace with a connected client.
    final class Session: @unchecked Sendable {
        let root: URL
        let client: Client
        let server: Server

        static func start() async throws -> Session {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-mcp-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("specs"), withIntermediateDirectories: true)
            let environment = SpecEnvironment(checker: Checker(catalog: .builtin, rules: .withEmbeddedChecks), today: { "2026-03-04" })
            let server = await SpecwrightMCPServer(workspace: Workspace(root: root), environment: environment, author: "Test Agent").makeServer()
            do {
                let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
                try await server.start(transport: serverTransport)
                let client = Client(name: "tests", version: "1.0")
                try await client.connect(transport: clientTransport)
                return Session(root: root, client: client, server: server)
            } catch {
                await server.stop()
                try? FileManager.default.removeItem(at: root)
                throw error
            }
        }

        /// Runs `body` with a new session and closes it (awaited) whether `body` throws or not.
        static func run(_ body: (Session) async throws -> Void) async throws {
            let session = try await start()
            do {
                try await body(session)
            } catch {
                await session.close()
                throw error
            }
            await session.close()
        }

        init(root: URL, client: Client, server: Server) {
            self.root = root
            self.client = client
            self.server = server
        }

        func close() async {
            await client.disconnect()
            await server.stop()
            try? FileManager.default.removeItem(at: root)
        }

        /// Calls a tool; returns its JSON text parsed, and whether it was an error.
        func call(_ name: String, _ arguments: [String: Value] = [:]) async throws -> (json: [String: Any], text: String, isError: Bool) {
            let (content, isError) = try await client.callTool(name: name, arguments: arguments)
            guard case .text(let text, _, _) = content.first else { return ([:], "", isError ?? false) }
            let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return (json, text, isError ?? false)
        }

        func read(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }
    }

    @Test("tools/list offers every tool, each with an object input schema")
    func listTools() async throws {
        try await Session.run { session in
            let (tools, _) = try await session.client.listTools()
            #expect(tools.map(\.name) == ["list_templates", "list_specs", "get_spec", "create_spec", "check_spec", "update_section", "tick_item", "set_status", "add_changelog_entry"])
            for tool in tools {
                #expect(tool.inputSchema.objectValue?["type"] == .string("object"), "\(tool.name)")
                #expect(tool.description?.isEmpty == false)
            }
        }
    }

    @Test("create, fill a section, check, tick and refused then applied status change, all through MCP")
    func specLifecycle() async throws {
        try await Session.run { session in
            let created = try await session.call("create_spec", ["title": "Payment Retries", "template": "system-design"])
            #expect(!created.isError)
            #expect(created.json["path"] as? String == "specs/payment-retries.md")
            #expect(try session.read("specs/payment-retries.md") == created.json["content"] as? String)

            let again = try await session.call("create_spec", ["title": "Payment Retries", "template": "system-design"])
            #expect(again.isError)
            #expect(again.text.contains("already exists"))

            let before = try session.read("specs/payment-retries.md")
            let updated = try await session.call("update_section", ["path": "specs/payment-retries.md", "heading": "Executive Summary", "body": "Retries for failed payments."])
            #expect(!updated.isError)
            #expect((updated.json["findings"] as? [Any])?.isEmpty == true)
            let after = try session.read("specs/payment-retries.md")
            // Only the section body, the version, the date and one change-log row changed.
            let beforeLines = before.split(separator: "\n", omittingEmptySubsequences: false)
            let afterLines = after.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(afterLines.count == beforeLines.count + 1, "one change-log row added, the body replaced line for line")
            let changed = zip(beforeLines, afterLines).filter { $0 != $1 }
            #expect(after.contains("## Executive Summary\n\nRetries for failed payments.\n\n## Background & Context"))
            #expect(after.contains("\n| 0.2 | 2026-03-04 | Test Agent | Updated section: Executive Summary |\n"))
            let changedBefore = changed.map { String($0.0) }
            // The version line, the section's one line, and the end of the file where the row was appended
            // (the date is already today's).
            #expect(changedBefore.count == 3)
            #expect(changedBefore.first?.hasPrefix("**Document Version**: 0.1") == true)
            #expect(changedBefore.dropFirst().first?.hasPrefix("[2-3 sentence summary") == true)
            #expect(changedBefore.last == "")

            let check = try await session.call("check_spec", ["path": "specs/payment-retries.md", "min_severity": "warning"])
            #expect(check.json["errors"] as? Int == 0)
            let findings = try #require(check.json["findings"] as? [[String: Any]])
            #expect(!findings.isEmpty)
            #expect(findings.allSatisfy { ($0["line"] as? Int ?? 0) > 0 && $0["rule"] is String })

            let ticked = try await session.call("tick_item", ["path": "specs/payment-retries.md", "item": "Architecture review completed"])
            #expect(ticked.json["summary"] as? String == "Ticked: Architecture review completed")
            #expect(try session.read("specs/payment-retries.md").contains("- [x] Architecture review completed"))

            let refused = try await session.call("set_status", ["path": "specs/payment-retries.md", "status": "Review"])
            #expect(refused.isError)
            #expect(refused.json["applied"] as? Bool == false)
            let unmet = refused.json["unmet"] as? [[String: Any]] ?? []
            #expect(unmet.contains { $0["gate"] as? String == "review.reviewers-named" })
            #expect(unmet.contains { $0["gate"] as? String == "review.no-placeholders" && $0["line"] is Int })
            let unchanged = try session.read("specs/payment-retries.md")
            #expect(unchanged.contains("**Status**: Draft\\"))

            let logged = try await session.call("add_changelog_entry", ["path": "specs/payment-retries.md", "change": "Noted", "reason": "test"])
            #expect(logged.json["version"] as? String == "0.4")
        }
    }

    @Test("paths outside the workspace are refused", arguments: ["../outside.md", "/etc/passwd", "specs/../../x.md", "~/x.md", "link/escape.md"])
    func confinement(_ path: String) async throws {
        try await Session.run { session in
            let outside = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-outside-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: outside) }
            try "# Secret\n".write(to: outside.appendingPathComponent("escape.md"), atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(at: session.root.appendingPathComponent("link"), withDestinationURL: outside)
            for tool in ["get_spec", "check_spec", "tick_item"] {
                let result = try await session.call(tool, ["path": .string(path), "item": "x"])
                #expect(result.isError, "\(tool) \(path)")
                #expect(result.text.contains("workspace") || result.text.contains("absolute"), "\(tool): \(result.text)")
            }
            let created = try await session.call("create_spec", ["title": "Escape", "path": .string(path)])
            #expect(created.isError)
        }
    }

    @Test("check_spec takes raw Markdown without touching the workspace")
    func checkMarkdown() async throws {
        try await Session.run { session in
            let markdown = "# T\n\n## Data\n\n```sql\nCREATE TABLE t (id INT,, name TEXT);\n```\n"
            let result = try await session.call("check_spec", ["markdown": .string(markdown)])
            #expect(!result.isError)
            let findings = try #require(result.json["findings"] as? [[String: Any]])
            let sql = findings.first { $0["rule"] as? String == "sql" }
            #expect(sql?["line"] as? Int == 6)
            #expect(sql?["column"] as? Int == 24)
            #expect(try FileManager.default.contentsOfDirectory(atPath: session.root.appendingPathComponent("specs").path).isEmpty)
        }
    }

    @Test("errors are tool errors with a message, never a crash")
    func toolErrors() async throws {
        try await Session.run { session in
            let missing = try await session.call("get_spec", [:])
            #expect(missing.isError && missing.text == "missing required argument 'path'")
            let unknown = try await session.call("no_such_tool")
            #expect(unknown.isError && unknown.text.contains("unknown tool"))
            let absent = try await session.call("get_spec", ["path": "specs/none.md"])
            #expect(absent.isError && absent.text.contains("no such file"))
            let template = try await session.call("create_spec", ["title": "X", "template": "nope"])
            #expect(template.isError && template.text.contains("unknown template 'nope'"))
        }
    }

    @Test("every spec and template is a Markdown resource")
    func resources() async throws {
        try await Session.run { session in
            _ = try await session.call("create_spec", ["title": "Search Index"])
            let (resources, _) = try await session.client.listResources()
            #expect(resources.map(\.uri) == ["specwright://workspace/specs/search-index.md", "specwright://templates/feature-spec", "specwright://templates/system-design"])
            #expect(resources.allSatisfy { $0.mimeType == "text/markdown" })
            let contents = try await session.client.readResource(uri: "specwright://workspace/specs/search-index.md")
            let text = try #require(contents.first?.text)
            #expect(text.hasPrefix("# Search Index Technical Specification"))
            await #expect(throws: (any Error).self) { _ = try await session.client.readResource(uri: "specwright://workspace/../x.md") }
        }
    }

    @Test("a drafting prompt per template section carries the template's guidance")
    func prompts() async throws {
        try await Session.run { session in
            let (prompts, _) = try await session.client.listPrompts()
            #expect(prompts.contains { $0.name == "draft_system_design_scope" })
            #expect(!prompts.contains { $0.name == "draft_feature_spec_change_log" })
            let (_, messages) = try await session.client.getPrompt(name: "draft_system_design_scope", arguments: ["notes": "Only the EU region."])
            guard case .text(let text) = messages.first?.content as Prompt.Message.Content? else {
                Issue.record("expected a text message")
                return
            }
            #expect(text.contains("### In Scope") && text.contains("Only the EU region.") && text.contains("update_section"))
        }
    }
}
