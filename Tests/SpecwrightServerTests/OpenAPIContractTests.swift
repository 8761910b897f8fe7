import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightStore
import Testing
import Yams

/// The OpenAPI document served at `/api/v1/openapi.yaml` against the routes and roles.
@Suite("OpenAPI document")
struct OpenAPIContractTests {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
    static let roleNames = ["none"] + UserRole.allCases.map(\.rawValue)

    struct Operation: CustomStringConvertible {
        var method: String
        var path: String
        var fields: [String: Any]

        var operationID: String? { fields["operationId"] as? String }
        var minimumRole: String? { fields["x-minimum-role"] as? String }
        var responses: Set<String> { Set(OpenAPIContractTests.mapping(fields["responses"]).keys) }
        var description: String { "\(method.uppercased()) \(path)" }
    }

    /// A YAML mapping as `[String: Any]` (Yams builds `[AnyHashable: Any]` or `[String: Any]`).
    static func mapping(_ value: Any?) -> [String: Any] {
        if let value = value as? [String: Any] { return value }
        guard let value = value as? [AnyHashable: Any] else { return [:] }
        return Dictionary(uniqueKeysWithValues: value.compactMap { key, value in (key.base as? String).map { ($0, value) } })
    }

    /// The served document, parsed, and its operations.
    static func document() async throws -> (root: [String: Any], operations: [Operation]) {
        let fixture = try await ServerFixture.make()
        let text = try await fixture.run { api in
            let response = try await api.get("/api/v1/openapi.yaml", as: nil)
            try #require(response.status == .ok)
            return response.text
        }
        let root = mapping(try Yams.load(yaml: text))
        var operations: [Operation] = []
        for (path, item) in mapping(root["paths"]) {
            for (method, fields) in mapping(item) where methods.contains(method) {
                operations.append(Operation(method: method, path: path, fields: mapping(fields)))
            }
        }
        // The tests below loop over the operations: none may pass by finding none.
        try #require(operations.count == TableRoute.routes.count)
        return (root, operations.sorted { ($0.path, $0.method) < ($1.path, $1.method) })
    }

    @Test("the document parses as OpenAPI 3.1.0 with paths")
    func parses() async throws {
        let (root, operations) = try await Self.document()
        #expect(root["openapi"] as? String == "3.1.0")
        #expect(!Self.mapping(root["info"]).isEmpty)
        #expect(operations.count == TableRoute.routes.count)
        #expect(Set(operations.compactMap(\.operationID)).count == operations.count, "operationIds are unique")
    }

    @Test("every path and method has x-minimum-role, one of none, reader, author, reviewer, approver, admin")
    func everyOperationHasMinimumRole() async throws {
        let (root, operations) = try await Self.document()
        for (path, item) in Self.mapping(root["paths"]) {
            #expect(Self.mapping(item).keys.contains { Self.methods.contains($0) }, "\(path) has no operation")
        }
        for operation in operations {
            let role = operation.minimumRole
            #expect(role != nil, "\(operation) has no x-minimum-role")
            #expect(role.map { Self.roleNames.contains($0) } == true, "\(operation): x-minimum-role \(role ?? "nil")")
        }
    }

    @Test("the documented operations and roles are exactly the route table's")
    func matchesRouteTable() async throws {
        let (_, operations) = try await Self.document()
        let documented = Dictionary(uniqueKeysWithValues: operations.map { ("\($0.method.uppercased()) \($0.path)", $0) })
        let routes = TableRoute.routes
        #expect(Set(documented.keys) == Set(routes.map { "\($0.method.rawValue) \($0.path)" }))
        for route in routes {
            let operation = documented["\(route.method.rawValue) \(route.path)"]
            #expect(operation?.operationID == route.operationID, "\(route)")
            #expect(operation?.minimumRole == (route.minimum?.rawValue ?? "none"), "\(route)")
            if route.minimum == nil {
                #expect((operation?.fields["security"] as? [Any])?.isEmpty == true, "\(route) should say security: []")
            }
        }
        // Approving is documented on the transition operation.
        let transition = documented["POST /api/v1/specs/{slug}/transitions"]
        #expect((transition?.fields["summary"] as? String)?.contains("approver") == true)
    }

    @Test("operations document 401 when they need a token, 403 when they need more than reader, 429 under /api/v1")
    func documentedErrors() async throws {
        let (_, operations) = try await Self.document()
        for operation in operations {
            let role = operation.minimumRole ?? "none"
            if role != "none" { #expect(operation.responses.contains("401"), "\(operation)") }
            if role != "none" && role != "reader" { #expect(operation.responses.contains("403"), "\(operation)") }
            if operation.path.hasPrefix("/api/v1/") { #expect(operation.responses.contains("429"), "\(operation)") }
            #expect(operation.responses.contains { $0.hasPrefix("2") }, "\(operation) has no success response")
        }
    }

    @Test("every documented operation is routed (an admin never gets 404 or 405 from it)")
    func everyOperationIsRouted() async throws {
        let (_, operations) = try await Self.document()
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        // DELETE archives the spec (then the API answers 404 for it), so it goes last.
        let routes = operations.map { ($0.method, $0.path, $0.description) }.sorted { ($0.0 == "delete" ? 1 : 0) < ($1.0 == "delete" ? 1 : 0) }
        try await fixture.run { api in
            for (methodName, path, operation) in routes {
                let uri = path
                    .replacingOccurrences(of: "{slug}", with: "note")
                    .replacingOccurrences(of: "{number}", with: "1")
                    .replacingOccurrences(of: "{name}", with: "feature-spec")
                    + (path.hasSuffix("/diff") ? "?from=1&to=1" : "")
                let method = HTTPRequest.Method(methodName.uppercased())!
                let hasBody = method == .post || method == .put
                let response = try await api.send(method, uri, as: .admin, headers: method == .put ? [.ifMatch: "*"] : [:],
                                                  body: hasBody ? "{}" : nil, contentType: hasBody ? "application/json" : nil)
                #expect(response.status != .notFound && response.status != .methodNotAllowed, "\(operation): \(response.status.code) \(response.text)")
                #expect(response.status.code < 500, "\(operation): \(response.text)")
            }
        }
    }
}
