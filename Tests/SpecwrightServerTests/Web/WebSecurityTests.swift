import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightSQLite
import SpecwrightStore
import Testing

@Suite("Web app: CSRF, headers, escaping, roles")
struct WebSecurityTests {
    /// Spec text that would run script if any of it reached the page as markup.
    static let payloads = """
        # XSS <script>alert('title')</script>

        **Document Status**: DRAFT

        <script>alert(1)</script>
        <img src=x onerror="alert(2)">
        <svg onload=alert(3)><circle r="1"/></svg>
        <math><mtext><table><mglyph><style><img src=x onerror=alert(4)></style></mglyph></table></mtext></math>
        <iframe src="javascript:alert(5)"></iframe>
        <a href="javascript:alert(6)">raw link</a>

        [markdown link](javascript:alert(7)) [spaced](java\tscript:alert(8)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==)
        ![image](javascript:alert(10)) <javascript:alert(11)>
        [entity](&#106;avascript:alert(12))

        ## Section "><script>alert(13)</script>

        - [ ] tick <b onmouseover=alert(14)>me</b>

        | Role | Name | Date | Signature |
        | ---- | ---- | ---- | --------- |
        | <img src=x onerror=alert(15)> | | | |

        ```html" onmouseover="alert(16)
        <script>alert(17)</script>
        ```

        <div style="background:url(javascript:alert(18))">broken <p <b
        """

    @Test("spec text is inert on every page: no element, attribute or URL from it can run script")
    func inert() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("xss", markdown: Self.payloads)
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.admin, api)
            for path in ["/specs/xss", "/specs/xss/edit", "/specs/xss/history", "/", "/?q=%3Cscript%3E"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                let html = page.text
                // The only script elements are the app's own, from its own origin.
                let scripts = Browser.captures(#"<script([^>]*)>"#, in: html)
                #expect(scripts.allSatisfy { $0.contains(#"type="module" src="/assets/"#) }, "\(path): \(scripts)")
                // No element the spec could have brought, no event handler or style attribute on any
                // tag, no script URL in any attribute (text that shows them is escaped: no "<").
                let elements = Browser.captures(#"<(iframe|svg|math|object|embed|style|mglyph|mtext)\b"#, in: html)
                #expect(elements.isEmpty, "\(path): \(elements)")
                let handlers = Browser.captures(#"(<[a-zA-Z][^>]*>)"#, in: html)
                    .map { $0.replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression) }
                    .filter { $0.range(of: #"\s(on[a-z]+|style)\s*="#, options: [.regularExpression, .caseInsensitive]) != nil }
                #expect(handlers.isEmpty, "\(path): \(handlers)")
                let urls = Browser.captures(#"((?:href|src|action)\s*=\s*"\s*(?:javascript|vbscript|data):)"#, in: html.lowercased())
                #expect(urls.isEmpty, "\(path): \(urls)")
                let images = Browser.captures(#"<img src="([^"]*)""#, in: html)
                #expect(images.allSatisfy { $0.isEmpty || $0.hasPrefix("/assets/") }, "\(path): \(images)")
            }
            let page = try await browser.get("/specs/xss")
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.text.contains(#"<a href="">markdown link</a>"#))
            #expect(page.text.contains(#"<a href="">entity</a>"#))
            #expect(page.text.contains(#"<a href="">javascript:alert(11)</a>"#))
            #expect(page.text.contains(#"<code class="language-html&quot;"#))
        }
    }

    @Test("pages carry a strict Content-Security-Policy and the other security headers; assets are cached by hash")
    func headers() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.reader, api)
            let page = try await browser.get("/")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'") && policy.contains("default-src 'none'"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[.init("Referrer-Policy")!] == "same-origin")
            #expect(page.headers[.cacheControl] == "no-store")
            // No inline script or style anywhere, so the policy costs nothing.
            #expect(!page.text.contains("<script>") && !page.text.contains("style=") && !page.text.contains("<style"))
            let assets = Browser.captures(#"(?:src|href)="(/assets/[^"]+)""#, in: page.text)
            #expect(Set(assets.map { ($0 as NSString).pathExtension }) == ["css", "js", "svg"])
            for asset in Set(assets) {
                #expect(asset.range(of: #"\.[0-9a-f]{8}\.(css|js|svg)$"#, options: .regularExpression) != nil, "\(asset)")
                let response = try await browser.get(asset)
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            #expect(try await browser.get("/assets/app.00000000.css").status == .notFound)
        }
    }

    @Test("a state-changing form or API call signed in by cookie needs the session's CSRF token")
    func csrf() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("spec", markdown: Samples.generated("Forged"))
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.admin, api)
            let page = try await browser.get("/specs/spec")
            let item = try #require(Browser.capture(#"<input type="hidden" name="item" value="([^"]+)">"#, in: page.text))
            for token in ["", "0000"] {
                let forged = try await browser.post("/specs/spec/tick", [("item", item), ("checked", "true")], csrf: token)
                #expect(forged.status == .forbidden)
                #expect(forged.text.contains("CSRF token"))
            }
            #expect(try await browser.post("/admin/users", [("name", "mallory"), ("role", "admin")], csrf: "").status == .forbidden)
            #expect(try await fixture.database.user(named: "mallory") == nil)
            #expect(try await api.revisionCount("spec") == 1)
            // The API takes the session cookie too, with the token in a header for anything but reads.
            let noHeader = try await browser.send(.post, "/api/v1/check", headers: [.contentType: "text/markdown"], body: "# Hi\n")
            #expect(noHeader.status == .forbidden)
            let withHeader = try await browser.send(.post, "/api/v1/check", headers: [.contentType: "text/markdown", .init("X-CSRF-Token")!: browser.csrf], body: "# Hi\n")
            #expect(withHeader.status == .ok)
            #expect(try await browser.get("/api/v1/specs", accept: "application/json").status == .ok)
            let allowed = try await browser.post("/specs/spec/tick", [("item", item), ("checked", "true")])
            #expect(allowed.status == .seeOther)
        }
    }

    @Test("every page and action takes its least role from the route table: below it, 403 (or the sign-in page without a session)", arguments: WebRoute.all)
    func roleMatrix(_ route: WebRoute) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.run { api in
            let anonymous = Browser(api.client)
            let response = try await route.send(anonymous)
            if route.minimum == nil {
                #expect(response.status != .forbidden && response.status != .seeOther || route.path == "/signin", "\(route.path)")
            } else {
                #expect(response.status == .seeOther || response.status == .forbidden, "\(route.path): \(response.status)")
                if route.method == .get { #expect(response.headers[.location]?.hasPrefix("/signin") == true) }
            }
            // Open routes (sign-in, assets) are the same for everyone.
            guard route.minimum != nil else { return }
            for role in UserRole.allCases {
                let browser = try await fixture.signedIn(role, api)
                let response = try await route.send(browser)
                if let minimum = route.minimum, role < minimum {
                    #expect(response.status == .forbidden, "\(route.method) \(route.path) as \(role): \(response.status)")
                    #expect(response.text.contains("needs the \(minimum.rawValue) role"))
                } else {
                    #expect(response.status != .forbidden && response.status != .unauthorized, "\(route.method) \(route.path) as \(role): \(response.status) \(response.text.prefix(300))")
                }
            }
        }
    }

    @Test("an unknown page is an HTML 404 for a browser and JSON for the API")
    func notFound() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.reader, api)
            let page = try await browser.get("/no/such/page")
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>404 Not Found</h1>"))
            let json = try await api.get("/api/v1/nope")
            #expect(json.status == .notFound && json.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }
}

/// A page or action of the web app, read from the route table, with a request for it.
struct WebRoute: Sendable, CustomTestStringConvertible {
    var method: HTTPRequest.Method
    var path: String
    var minimum: UserRole?

    var testDescription: String { "\(method.rawValue) \(path)" }

    static let all: [WebRoute] = {
        let dependencies = ServerDependencies(store: try! SQLiteSpecStore(), environment: ServerFixture.environment, configuration: {
            var configuration = ServerConfiguration()
            configuration.passwordCost = 4
            return configuration
        }())
        return buildRouteTable(dependencies).web.map { WebRoute(method: $0.method, path: $0.path, minimum: $0.minimumRole) }
    }()

    /// The request: path parameters filled with things that exist, forms with harmless fields.
    func send(_ browser: Browser) async throws -> TestResponse {
        let uri = path.replacingOccurrences(of: ":slug", with: "note").replacingOccurrences(of: ":name", with: "feature-spec")
            .replacingOccurrences(of: ":file", with: "missing.css").replacingOccurrences(of: ":prefix", with: "sw_none")
        if method == .get { return try await browser.get(uri) }
        if browser.csrf.isEmpty { return try await browser.post(uri, [], csrf: "") }
        let fields: [(String, String)] = switch path {
        case "/admin/users/:name": [("action", "unknown")]
        default: []
        }
        return try await browser.post(uri, fields)
    }
}
