import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SpecwrightStore
import Testing

/// A browser as the server sees one: it keeps cookies, sends forms, and reads the CSRF token
/// the last page carried. Requests run one at a time (a test drives it step by step).
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]
    /// The session's CSRF token, as the last page's `<meta name="csrf-token">` gave it.
    private(set) var csrf = ""
    var headers: HTTPFields = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    @discardableResult
    func get(_ uri: String, accept: String = "text/html") async throws -> TestResponse {
        try await send(.get, uri, headers: [.accept: accept])
    }

    /// Posts a form (urlencoded), with the page's CSRF token unless `csrf` says otherwise.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf token: String? = nil, accept: String = "text/html") async throws -> TestResponse {
        var all = fields
        let token = token ?? csrf
        if !token.isEmpty { all.append(("_csrf", token)) }
        let body = all.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return try await send(.post, uri, headers: [.accept: accept, .contentType: "application/x-www-form-urlencoded"], body: body)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> TestResponse {
        var all = self.headers
        for field in headers { all[field.name] = field.value }
        if !cookies.isEmpty { all[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let response = try await client.execute(uri: uri, method: method, headers: all, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if header.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        if let token = Self.capture(#"<meta name="csrf-token" content="([0-9a-f]*)">"#, in: response.text), !token.isEmpty { csrf = token }
        return response
    }

    /// Signs in through the form, as a person would: the page, then the post with its token.
    @discardableResult
    func signIn(_ name: String, password: String) async throws -> TestResponse {
        let page = try await get("/signin")
        let token = try #require(Self.capture(#"name="_csrf" value="([0-9a-f]+)""#, in: page.text))
        let response = try await post("/signin", [("name", name), ("password", password), ("next", "/")], csrf: token)
        if response.status == .seeOther { try await get(response.headers[.location] ?? "/") }
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The first capture group of `pattern` in `text`.
    static func capture(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }

    /// Every first capture group of `pattern` in `text`.
    static func captures(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

extension ServerFixture {
    /// Runs `body` with a fresh browser (no cookies) on the app.
    func browse(_ body: @escaping @Sendable (Browser, APIClient) async throws -> Void) async throws {
        try await run { api in try await body(Browser(api.client), api) }
    }

    /// A browser signed in as the fixture's user of `role`.
    func signedIn(_ role: UserRole, _ api: APIClient) async throws -> Browser {
        let browser = Browser(api.client)
        let response = try await browser.signIn(Self.userNames[role]!, password: Self.password(role))
        try #require(response.status == .seeOther, "sign-in as \(role) failed: \(response.text)")
        return browser
    }
}
