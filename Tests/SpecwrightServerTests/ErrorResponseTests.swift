import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SpecwrightServer
import SpecwrightStore
import Testing

/// Every error status the API returns, each a JSON body with an `error` string.
@Suite("Error responses")
struct ErrorResponseTests {
    /// One way to get each error status.
    enum Case: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case badRequest, unauthorizedNoToken, unauthorizedBadToken, forbidden, notFound, unknownRoute, conflict, preconditionFailed
        case contentTooLarge, unsupportedMediaType, missingIfMatch, tooManyRequests, internalServerError, serviceUnavailable

        var testDescription: String { "\(status.code) (\(rawValue))" }

        var status: HTTPResponse.Status {
            switch self {
            case .badRequest: .badRequest
            case .unauthorizedNoToken, .unauthorizedBadToken: .unauthorized
            case .forbidden: .forbidden
            case .notFound, .unknownRoute: .notFound
            case .conflict: .conflict
            case .preconditionFailed: .preconditionFailed
            case .contentTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .missingIfMatch: .badRequest
            case .tooManyRequests: .tooManyRequests
            case .internalServerError: .internalServerError
            case .serviceUnavailable: .serviceUnavailable
            }
        }

        func fixture() async throws -> ServerFixture {
            var options = ServerFixture.Options()
            switch self {
            case .contentTooLarge: options.bodyLimit = 100
            case .tooManyRequests: options.burst = 1
            case .internalServerError, .serviceUnavailable: return try await ServerFixture.make(options, wrap: { FailingSpecStore(inner: $0) })
            default: break
            }
            let fixture = try await ServerFixture.make(options)
            try await fixture.seed("note", markdown: Samples.note("Note"))
            return fixture
        }

        func response(_ api: APIClient) async throws -> TestResponse {
            switch self {
            case .badRequest: return try await api.get("/api/v1/specs?limit=0")
            case .unauthorizedNoToken: return try await api.get("/api/v1/specs", as: nil)
            case .unauthorizedBadToken: return try await api.get("/api/v1/specs", as: nil, headers: [.authorization: "Bearer sw_0000000000000000000000000000000000000000"])
            case .forbidden: return try await api.send(.delete, "/api/v1/specs/note", as: .author)
            case .notFound: return try await api.get("/api/v1/specs/ghost")
            case .unknownRoute: return try await api.get("/api/v2/nothing-here")
            case .conflict: return try await api.create(["markdown": Samples.note("Note"), "slug": "note"])
            case .preconditionFailed: return try await api.put("note", markdown: "# Changed\n", ifMatch: "\"0000\"")
            case .contentTooLarge: return try await api.put("note", markdown: String(repeating: "x", count: 101), ifMatch: "*")
            case .unsupportedMediaType: return try await api.send(.post, "/api/v1/check", as: .reader, body: "<p>x</p>", contentType: "text/html")
            case .missingIfMatch: return try await api.put("note", markdown: "# Changed\n", ifMatch: nil)
            case .tooManyRequests:
                _ = try await api.get("/api/v1/specs")
                return try await api.get("/api/v1/specs")
            case .internalServerError: return try await api.get("/api/v1/specs")
            case .serviceUnavailable: return try await api.get("/readyz", as: nil)
            }
        }
    }

    @Test("every error status is JSON with an error string", arguments: Case.allCases)
    func everyStatus(_ errorCase: Case) async throws {
        let fixture = try await errorCase.fixture()
        try await fixture.run { api in
            let response = try await errorCase.response(api)
            expectError(response, errorCase.status)
            // Only documented keys.
            let keys = Set(try response.object().keys)
            #expect(keys.isSubset(of: ["error", "details", "retry_after"]), "\(keys)")
        }
    }

    // MARK: 401

    @Test("401 for every way a token can be wrong", arguments: [
        "Bearer sw_0000000000000000000000000000000000000000", "Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "sw_0000", "bearer not-a-token",
    ])
    func badCredentials(_ authorization: String) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            expectError(try await api.get("/api/v1/specs", as: nil, headers: [.authorization: authorization]), .unauthorized)
        }
    }

    @Test("a revoked token is 401; the scheme name is case-insensitive for a good token")
    func revokedToken() async throws {
        let fixture = try await ServerFixture.make()
        let token = fixture.tokens[.reader]!
        try await fixture.run { api in
            // Revoked before the server has seen it (a token it has seen stops working within the
            // token cache's 5 seconds).
            #expect(try await fixture.database.revokeToken(prefix: String(token.prefix(10))))
            expectError(try await api.get("/api/v1/specs", as: .reader), .unauthorized, "revoked")
            let author = fixture.tokens[.author]!
            #expect(try await api.get("/api/v1/specs", as: nil, headers: [.authorization: "bearer \(author)"]).status == .ok)
        }
    }

    /// Product bug (RFC 9110 §11.6.1: a 401 MUST carry WWW-Authenticate): APIError.response
    /// (Sources/SpecwrightServer/APIError.swift:27-35) never sets it.
    @Test("a 401 carries WWW-Authenticate: Bearer")
    func wwwAuthenticate() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let missing = try await api.get("/api/v1/specs", as: nil)
            let bad = try await api.get("/api/v1/specs", as: nil, headers: [.authorization: "Bearer nope"])
            #expect(missing.status == .unauthorized && bad.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.lowercased().hasPrefix("bearer") == true)
            #expect(bad.headers[.wwwAuthenticate]?.lowercased().hasPrefix("bearer") == true)
        }
    }

    // MARK: 500

    @Test("an unexpected store error is 500 with exactly {\"error\":\"internal server error\"}, on every route that reads the store")
    func internalServerError() async throws {
        let fixture = try await ServerFixture.make(wrap: { FailingSpecStore(inner: $0) })
        try await fixture.run { api in
            let responses = [
                try await api.get("/api/v1/specs"),
                try await api.get("/api/v1/specs/note"),
                try await api.get("/api/v1/specs/note/revisions"),
                try await api.get("/api/v1/specs/note/revisions/1"),
                try await api.get("/api/v1/specs/note/diff?from=1&to=2"),
                try await api.create(["title": "Note"]),
                try await api.put("note", markdown: "# Note\n", ifMatch: "*"),
                try await api.send(.delete, "/api/v1/specs/note", as: .admin),
                try await api.transition("note", to: "DRAFT", reason: "x", as: .admin),
                try await api.signOff("note", role: "QA", as: .admin),
            ]
            for response in responses {
                #expect(response.status == .internalServerError)
                #expect(response.text == #"{"error":"internal server error"}"#)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(!response.text.contains("boom"))
            }
            // Routes that do not touch the failing operations still work.
            #expect(try await api.get("/api/v1/templates").status == .ok)
        }
    }

    /// Product bug: AuditMiddleware (Sources/SpecwrightServer/Middleware/AuditMiddleware.swift:14-16) rethrows
    /// `APIError.from(error)` instead of the original error, so by the time ErrorMiddleware
    /// (Middleware/ErrorMiddleware.swift:12-13) logs the "unhandled error" it only sees the generic 500 and the cause is lost.
    @Test("a 500 is logged with the underlying error (which the client never sees)")
    func internalServerErrorIsLogged() async throws {
        let fixture = try await ServerFixture.make(wrap: { FailingSpecStore(inner: $0) })
        let records = LogRecords()
        try await fixture.run(logger: records.logger()) { api in
            let response = try await api.get("/api/v1/specs")
            #expect(response.text == #"{"error":"internal server error"}"#)
        }
        let errors = records.entries.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.metadata["path"] == "/api/v1/specs")
        #expect(errors.first?.metadata["error"]?.contains("the disk caught fire") == true, "\(errors.first?.metadata["error"] ?? "")")
    }

    // MARK: Bodies without Content-Length

    /// Product bug: SpecsController.replace (Sources/SpecwrightServer/Controllers/SpecsController.swift:89) calls
    /// `request.body.collect(upTo:)` without mapping NIOTooManyBytesError (JSON.decode and CheckController do),
    /// so a chunked PUT over the limit is a 500.
    @Test("a body over the limit without Content-Length (chunked) is 413 too")
    func streamedBodyOverLimit() async throws {
        var options = ServerFixture.Options()
        options.bodyLimit = 1_024
        let fixture = try await ServerFixture.make(options)
        try await fixture.seed("note", markdown: Samples.note("Note"))
        let client = DirectClient(fixture)
        let big = ByteBuffer(string: Samples.note("Note", body: String(repeating: "x", count: 2_000)))

        let check = try await client.send(.post, "/api/v1/check", from: "10.0.0.1", as: .reader, headers: [.contentType: "text/markdown"], body: big)
        expectError(status: check.status, headers: check.headers, body: check.body, expected: .contentTooLarge)

        let json = ByteBuffer(string: try CheckAndCatalogTests.json(["markdown": String(buffer: big), "slug": "big"]))
        let create = try await client.send(.post, "/api/v1/specs", from: "10.0.0.1", as: .author, headers: [.contentType: "application/json"], body: json)
        expectError(status: create.status, headers: create.headers, body: create.body, expected: .contentTooLarge)

        let put = try await client.send(.put, "/api/v1/specs/note", from: "10.0.0.1", as: .author, headers: [.contentType: "text/markdown", .ifMatch: "*"], body: big)
        expectError(status: put.status, headers: put.headers, body: put.body, expected: .contentTooLarge)
        #expect(try await fixture.database.revisions(slug: "note").count == 1)
        #expect(try await fixture.database.spec(slug: "big") == nil)
    }

    @Test("a wrong method on a known path is an error with a JSON body")
    func wrongMethod() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let response = try await api.send(.patch, "/api/v1/specs/note", as: .admin, body: "{}", contentType: "application/json")
            #expect([HTTPResponse.Status.notFound, .methodNotAllowed].contains(response.status), "\(response.status)")
            expectError(response, response.status)
        }
    }
}
