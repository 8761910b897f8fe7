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

        /// The keys of the error body: `details` where the error has them, `retry_after` for 429.
        var keys: Set<String> {
            switch self {
            case .preconditionFailed: ["error", "details"]
            case .tooManyRequests: ["error", "retry_after"]
            default: ["error"]
            }
        }

        /// The error message.
        var message: String {
            switch self {
            case .badRequest: "limit must be a number from 1 to 100"
            case .unauthorizedNoToken: "authentication required: send Authorization: Bearer <token>"
            case .unauthorizedBadToken: "unknown or revoked token"
            case .forbidden: "this needs the admin role; your token has author"
            case .notFound: "no spec 'ghost'"
            case .unknownRoute: "no endpoint /api/v2/nothing-here; the API is described at /api/v1/openapi.yaml"
            case .conflict: "a spec with slug 'note' already exists"
            case .preconditionFailed: "the spec changed since you read it (If-Match does not match); fetch it again"
            case .contentTooLarge: "the request body is 101 bytes; the limit is 100"
            case .unsupportedMediaType: #"send text/markdown, or application/json {"markdown": …}"#
            case .missingIfMatch: "PUT needs If-Match with the ETag you read (no lost updates)"
            case .tooManyRequests: "rate limit exceeded; retry in 1 s"
            case .internalServerError: "internal server error"
            case .serviceUnavailable: "the database does not answer"
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
            let body = expectError(response, errorCase.status)
            // Exactly the documented keys this error has (no null placeholders for the others).
            let keys = Set(try response.object().keys)
            #expect(keys == errorCase.keys, "\(keys)")
            #expect(body?.error == errorCase.message)
            switch errorCase {
            case .preconditionFailed:
                // The details and the ETag header name the spec's current content hash.
                let current = try #require(try await fixture.database.spec(slug: "note")).contentHash
                #expect(body?.details == ["current ETag: \"\(current)\""])
                #expect(response.headers[.eTag] == "\"\(current)\"")
            case .tooManyRequests:
                #expect(body?.retry_after == 1 && body?.details == nil)
                #expect(response.headers[.retryAfter] == "1")
            default:
                #expect(body?.details == nil && body?.retry_after == nil)
                #expect(response.headers[.retryAfter] == nil)
            }
            #expect((response.headers[.wwwAuthenticate] == "Bearer") == (errorCase.status == .unauthorized))
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

    /// Regression (RFC 9110 §11.6.1: a 401 must carry WWW-Authenticate).
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
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(!response.text.contains("boom"))
            }
            // Routes that do not touch the failing operations still work.
            #expect(try await api.get("/api/v1/templates").status == .ok)
        }
    }

    /// Regression: the audit middleware passes the original error on, so the log of a 500 names its cause.
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

    /// Regression: a chunked body over the limit is 413 like one with a Content-Length.
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
            // A known path with a method it does not take: 405, with the path's methods in Allow.
            let response = try await api.send(.patch, "/api/v1/specs/note", as: .admin, body: "{}", contentType: "application/json")
            let error = expectError(response, .methodNotAllowed)
            #expect(error == Bodies.Error(error: "PATCH is not allowed here; allowed: DELETE, GET, HEAD, PUT", details: nil, retry_after: nil))
            #expect(response.headers[.allow] == "DELETE, GET, HEAD, PUT")
            #expect(try response.object().keys.sorted() == ["error"])
            // The collection takes GET (so HEAD) and POST only.
            let collection = try await api.send(.delete, "/api/v1/specs", as: .admin)
            #expect(expectError(collection, .methodNotAllowed)?.error == "DELETE is not allowed here; allowed: GET, HEAD, POST")
            #expect(collection.headers[.allow] == "GET, HEAD, POST")
            // An unknown path is 404 whatever the method, and has no Allow header.
            let unknown = try await api.send(.patch, "/api/v1/nothing-here", as: .admin, body: "{}", contentType: "application/json")
            expectError(unknown, .notFound)
            #expect(unknown.headers[.allow] == nil)
        }
    }
}
