import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightStore
import Testing

@Suite("Web app: signing in and out")
struct SignInTests {
    @Test("a page without a session goes to the sign-in page and comes back after signing in")
    func signInAndBack() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.browse { browser, _ in
            let page = try await browser.get("/specs/note")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/signin?next=/specs/note")
            let form = try await browser.get("/signin?next=/specs/note")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"<input type="hidden" name="next" value="/specs/note">"#))
            let token = try #require(Browser.capture(#"name="_csrf" value="([0-9a-f]+)""#, in: form.text))
            let signedIn = try await browser.post("/signin", [("name", "Rita Reader"), ("password", ServerFixture.password(.reader)), ("next", "/specs/note")], csrf: token)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/specs/note")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("sw_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && !cookie.contains("Secure"))
            // The sign-in form's own cookie is removed where it was set.
            #expect(signedIn.headers[values: .setCookie].contains { $0.hasPrefix("sw_signin=;") && $0.contains("Max-Age=0") && $0.contains("Path=/signin") })
            let spec = try await browser.get("/specs/note")
            #expect(spec.status == .ok && spec.text.contains("<h1>Note</h1>"))
            // Signing out ends the session in the store: the old cookie opens nothing.
            let cookies = browser.cookies
            let out = try await browser.post("/signout", [])
            #expect(out.status == .seeOther && out.headers[.location] == "/signin")
            #expect(browser.cookies["sw_session"] == nil)
            let replay = try await browser.send(.get, "/specs/note", headers: [.cookie: "sw_session=\(cookies["sw_session"]!)"])
            #expect(replay.status == .seeOther && replay.headers[.location]?.hasPrefix("/signin") == true)
        }
    }

    @Test("an unknown user and a wrong password get the same answer; neither opens a session; both are audited")
    func sameRefusal() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.browse { browser, _ in
            let unknown = try await browser.signIn("nobody", password: "whatever-it-is")
            let wrong = try await browser.signIn("Rita Reader", password: "not-her-password")
            for response in [unknown, wrong] {
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("unknown user name or wrong password"))
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("sw_session=") })
            }
            // The page shows the same thing whichever was wrong (but the name typed is kept).
            let strip = { (text: String) in text.replacingOccurrences(of: #"value="[^"]*""#, with: "", options: .regularExpression) }
            #expect(strip(unknown.text) == strip(wrong.text))
            let audit = try await fixture.auditLog(AuditQuery(action: "POST /signin"))
            #expect(audit.map(\.outcome) == ["refused", "refused"])
            #expect(audit.map(\.user) == ["Rita Reader", "nobody"])
        }
    }

    @Test("the sign-in form refuses a post without its own token (login CSRF)")
    func signInNeedsFormToken() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.browse { browser, _ in
            _ = try await browser.get("/signin")
            let forged = try await browser.post("/signin", [("name", "Rita Reader"), ("password", ServerFixture.password(.reader))], csrf: "0123")
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("reload the page"))
            #expect(!forged.headers[values: .setCookie].contains { $0.hasPrefix("sw_session=") })
        }
    }

    @Test("sign-in attempts are rate-limited per address and per user, with Retry-After")
    func rateLimited() async throws {
        // One attempt back an hour: nothing refills while the test runs, however slow the machine.
        let fixture = try await ServerFixture.make(.init(signInBurst: 3, signInPerSecond: 1.0 / 3600))
        try await fixture.browse { browser, _ in
            for _ in 0..<3 { #expect(try await browser.signIn("Rita Reader", password: "wrong-password").status == .unauthorized) }
            let limited = try await browser.signIn("Rita Reader", password: ServerFixture.password(.reader))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(limited.text.contains("too many sign-in attempts"))
        }
    }

    @Test("behind a trusted HTTPS proxy the session cookie is Secure")
    func secureBehindProxy() async throws {
        let fixture = try await ServerFixture.make(.init(trustProxy: true))
        try await fixture.browse { browser, _ in
            browser.headers[.init("X-Forwarded-Proto")!] = "https"
            let response = try await browser.signIn("Rita Reader", password: ServerFixture.password(.reader))
            #expect(response.headers[values: .setCookie].first { $0.hasPrefix("sw_session=") }?.contains("Secure") == true)
        }
    }

    @Test("a one-time password leads to the password page, which every other page redirects to until a new one is chosen")
    func oneTimePassword() async throws {
        let fixture = try await ServerFixture.make()
        let oneTime = try #require(try await UserAdministration(store: fixture.database, cost: 4).create(name: "sam", role: .approver, password: nil).oneTimePassword)
        try await fixture.browse { browser, _ in
            let response = try await browser.signIn("sam", password: oneTime)
            #expect(response.headers[.location] == "/account/password")
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .seeOther && dashboard.headers[.location] == "/account/password")
            let api = try await browser.get("/api/v1/specs", accept: "application/json")
            #expect(api.status == .forbidden)
            _ = try await browser.get("/account/password")
            let mismatch = try await browser.post("/account/password", [("current", oneTime), ("new", "a-brand-new-secret"), ("confirm", "another-secret")])
            #expect(mismatch.status == .badRequest && mismatch.text.contains("differ"))
            let short = try await browser.post("/account/password", [("current", oneTime), ("new", "short"), ("confirm", "short")])
            #expect(short.status == .badRequest && short.text.contains("10 to 72"))
            let changed = try await browser.post("/account/password", [("current", oneTime), ("new", "a-brand-new-secret"), ("confirm", "a-brand-new-secret")])
            #expect(changed.status == .seeOther && changed.headers[.location] == "/?done=password")
            let now = try await browser.get("/?done=password")
            #expect(now.status == .ok && now.text.contains("Password changed."))
            #expect(try await fixture.database.user(named: "sam")?.mustChangePassword == false)
        }
        // The one-time password no longer works; the new one does.
        try await fixture.browse { browser, _ in
            let old = try await browser.signIn("sam", password: oneTime)
            let new = try await browser.signIn("sam", password: "a-brand-new-secret")
            #expect(old.status == .unauthorized && new.status == .seeOther)
        }
    }

    @Test("a disabled user cannot sign in, and their open session and tokens stop working")
    func disabledUser() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let browser = try await fixture.signedIn(.author, api)
            #expect(try await browser.get("/").status == .ok)
            try await UserAdministration(store: fixture.database, cost: 4).setDisabled(name: ServerFixture.userNames[.author]!, true)
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await api.get("/api/v1/specs", as: .author).status == .unauthorized)
            #expect(try await Browser(api.client).signIn(ServerFixture.userNames[.author]!, password: ServerFixture.password(.author)).status == .unauthorized)
        }
    }
}
