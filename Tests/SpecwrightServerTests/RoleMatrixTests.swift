import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightSQLite
import SpecwrightStore
import Testing

/// One call the role matrix makes: a route of the server's ``RouteTable`` (read from the table, not
/// restated here), or a second way of calling one (a Markdown read, an approval).
struct TableRoute: Sendable, CustomTestStringConvertible {
    enum Variant: String, Sendable { case plain, markdown, approve }

    var method: HTTPRequest.Method
    /// As the OpenAPI document writes it.
    var path: String
    var operationID: String
    var minimum: UserRole?
    var variant = Variant.plain

    var testDescription: String { "\(method.rawValue) \(path) [\(operationID)\(variant == .plain ? "" : ", \(variant.rawValue)")]" }

    /// The least role the call needs: the route's policy, and for approving the approver role the
    /// service asks for once it knows the target status.
    var required: UserRole? { variant == .approve ? .approver : minimum }

    /// Every route of the table, plus the variants.
    static let all: [TableRoute] = {
        var configuration = ServerConfiguration()
        configuration.passwordCost = 4
        let dependencies = ServerDependencies(store: try! SQLiteSpecStore(), environment: ServerFixture.environment, configuration: configuration)
        let routes = buildRouteTable(dependencies).routes.map {
            TableRoute(method: $0.method, path: $0.openAPIPath, operationID: $0.operationID, minimum: $0.minimumRole)
        }
        let variant = { (operationID: String, variant: Variant) -> TableRoute in
            var route = routes.first { $0.operationID == operationID }!
            route.variant = variant
            return route
        }
        return routes + [variant("getSpec", .markdown), variant("transitionSpec", .approve)]
    }()

    /// The plain routes: what the OpenAPI document must describe.
    static var routes: [TableRoute] { all.filter { $0.variant == .plain } }

    /// The status a caller with enough rights gets.
    var successStatus: Int {
        switch operationID {
        case "createSpec", "signOffSpec", "createThread", "replyToThread", "requestReview", "createWebhook": 201
        case "markInboxItemDone", "deleteWebhook": 204
        // The seeded specs do not pass these gates.
        case "transitionSpec": 409
        default: 200
        }
    }

    /// Stores the specs the calls work on: `note` (no template), `draft-spec` (generated, DRAFT)
    /// and `payment-retries` (IN_REVIEW).
    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.seed("draft-spec", markdown: Samples.generated("Draft Spec"))
        try await fixture.seed("payment-retries", markdown: Samples.paymentRetries)
        // Thread 1 (comment 1) with a suggestion by someone who is none of the callers; inbox
        // item N for the Nth role; webhook 1.
        _ = try await fixture.database.createThread(
            ThreadRecord(slug: "payment-retries", kind: .comment, author: "Seed", sectionPath: ["Overview", "Purpose"],
                         quote: ReviewEndpointTests.passage, revision: 1, suggestion: "We give up after the first failure today."), body: "Seeded.")
        for role in UserRole.allCases {
            try await fixture.database.addInboxItems([InboxItemRecord(user: ServerFixture.userNames[role]!, reason: .mention, slug: "note", threadID: nil, actor: "Seed", summary: "hi")])
        }
        _ = try await fixture.database.createWebhook(WebhookRecord(url: "http://127.0.0.1:9/hook", secret: "0123456789abcdef", events: ["spec.created"], createdBy: "Seed"))
        return fixture
    }

    /// JSON for a request body.
    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Makes the call; nil for an operation the matrix has no call for (a test says so).
    func send(_ api: APIClient, as role: UserRole?) async throws -> TestResponse? {
        switch (operationID, variant) {
        case ("listSpecs", _): try await api.get("/api/v1/specs", as: role)
        case ("createSpec", _): try await api.create(["title": "Fresh Spec"], as: role)
        case ("getSpec", .markdown): try await api.get("/api/v1/specs/note", as: role, headers: [.accept: "text/markdown"])
        case ("getSpec", _): try await api.get("/api/v1/specs/note", as: role)
        case ("putSpec", _): try await api.put("note", markdown: Samples.note("Note", body: "Edited."), ifMatch: "*", as: role)
        case ("archiveSpec", _): try await api.send(.delete, "/api/v1/specs/note", as: role)
        case ("listRevisions", _): try await api.get("/api/v1/specs/note/revisions", as: role)
        case ("getRevision", _): try await api.get("/api/v1/specs/note/revisions/1", as: role)
        case ("diffRevisions", _): try await api.get("/api/v1/specs/note/diff?from=1&to=1", as: role)
        case ("transitionSpec", .approve): try await api.transition("payment-retries", to: "APPROVED", as: role)
        case ("transitionSpec", _): try await api.transition("draft-spec", to: "IN_REVIEW", as: role)
        case ("signOffSpec", _): try await api.signOff("payment-retries", role: ServerFixture.reviewerSignOffRole, as: role)
        case ("checkMarkdown", _): try await api.send(.post, "/api/v1/check", as: role, body: Samples.note("Check me"), contentType: "text/markdown")
        case ("listTemplates", _): try await api.get("/api/v1/templates", as: role)
        case ("getTemplate", _): try await api.get("/api/v1/templates/feature-spec", as: role)
        case ("openAPIDocument", _): try await api.get("/api/v1/openapi.yaml", as: role)
        case ("health", _): try await api.get("/healthz", as: role)
        case ("ready", _): try await api.get("/readyz", as: role)
        case ("metrics", _): try await api.get("/metrics", as: role)
        case ("listThreads", _): try await api.get("/api/v1/specs/payment-retries/threads", as: role)
        case ("createThread", _): try await api.sendJSON(.post, "/api/v1/specs/payment-retries/threads", as: role, ["body": "A thought."])
        case ("getThread", _): try await api.get("/api/v1/specs/payment-retries/threads/1", as: role)
        case ("replyToThread", _): try await api.sendJSON(.post, "/api/v1/specs/payment-retries/threads/1/comments", as: role, ["body": "Agreed."])
        case ("editComment", _):
            // Only a comment's author edits it: the caller edits their own when they may write one.
            try await {
                let opened = try await api.sendJSON(.post, "/api/v1/specs/payment-retries/threads", as: role, ["body": "Mine."])
                let id = opened.status == .created ? (try opened.object()["comments"] as? [[String: Any]])?.first?["id"] as? Int ?? 1 : 1
                return try await api.sendJSON(.patch, "/api/v1/specs/payment-retries/comments/\(id)", as: role, ["body": "Mine, edited."])
            }()
        case ("resolveThread", _): try await api.send(.post, "/api/v1/specs/payment-retries/threads/1/resolve", as: role)
        case ("reopenThread", _): try await api.send(.post, "/api/v1/specs/payment-retries/threads/1/reopen", as: role)
        case ("applySuggestion", _): try await api.send(.post, "/api/v1/specs/payment-retries/threads/1/suggestion/apply", as: role)
        case ("dismissSuggestion", _): try await api.send(.post, "/api/v1/specs/payment-retries/threads/1/suggestion/dismiss", as: role)
        case ("requestReview", _):
            try await api.send(.post, "/api/v1/specs/payment-retries/review-requests", as: role, body: Self.json(["users": [ServerFixture.userNames[.reader]!]]), contentType: "application/json")
        case ("getInbox", _): try await api.get("/api/v1/inbox", as: role)
        case ("getCurrentUser", _): try await api.get("/api/v1/me", as: role)
        case ("markInboxItemDone", _): try await api.send(.post, "/api/v1/inbox/\((role.flatMap { UserRole.allCases.firstIndex(of: $0) } ?? 0) + 1)/done", as: role)
        case ("listWebhooks", _): try await api.get("/api/v1/webhooks", as: role)
        case ("createWebhook", _):
            try await api.send(.post, "/api/v1/webhooks", as: role, body: Self.json(["url": "http://127.0.0.1:9/other", "events": ["thread.created"]]), contentType: "application/json")
        case ("deleteWebhook", _): try await api.send(.delete, "/api/v1/webhooks/1", as: role)
        case ("listDeliveries", _): try await api.get("/api/v1/webhooks/1/deliveries", as: role)
        default: nil
        }
    }
}

/// Who calls: no token, or a token of each role.
enum Caller: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case anonymous, reader, author, reviewer, approver, admin

    var role: UserRole? { UserRole(rawValue: rawValue) }
    var testDescription: String { rawValue }
}

/// What the store holds, to show a refused call changed nothing.
struct StoreSnapshot: Equatable {
    var specs: [String]
    var revisions: [String: Int]
    var archived: [String: Bool]
    var signOffs: [String: Int]

    static func take(_ store: any SpecStore) async throws -> StoreSnapshot {
        let records = try await store.listSpecs(SpecQuery(limit: 100))
        var snapshot = StoreSnapshot(specs: records.map(\.slug), revisions: [:], archived: [:], signOffs: [:])
        for slug in ["note", "draft-spec", "payment-retries"] {
            snapshot.revisions[slug] = try await store.revisions(slug: slug).count
            snapshot.archived[slug] = try await store.spec(slug: slug)?.archived
            snapshot.signOffs[slug] = try await store.signOffs(slug: slug).count
        }
        return snapshot
    }
}

@Suite("UserRole matrix")
struct RoleMatrixTests {
    @Test("below the route's minimum role: 401 without a token, 403 with one (and nothing changes); at or above: neither", arguments: TableRoute.all, Caller.allCases)
    func matrix(_ route: TableRoute, _ caller: Caller) async throws {
        let fixture = try await TableRoute.fixture()
        let before = try await StoreSnapshot.take(fixture.database)
        try await fixture.run { api in
            let response = try #require(try await route.send(api, as: caller.role), "the matrix has no call for \(route.operationID): add one")
            switch (route.required, caller.role) {
            case (nil, _):
                #expect(response.status == .ok, "\(response.text)")
            case (.some, nil):
                expectError(response, .unauthorized)
                #expect(try await StoreSnapshot.take(fixture.database) == before)
            case (.some(let minimum), .some(let role)) where role < minimum:
                let error = expectError(response, .forbidden, "has \(role.rawValue)")
                // It names the role needed (for a reader approving: the author role the route needs first).
                #expect(error?.error.contains(minimum.rawValue) == true || (route.variant == .approve && error?.error.contains("author") == true))
                #expect(try await StoreSnapshot.take(fixture.database) == before)
            case (.some, .some):
                #expect(response.status != .unauthorized && response.status != .forbidden, "\(response.text)")
                #expect(response.status.code == route.successStatus, "\(response.text)")
            }
        }
    }

    @Test("the table has the server's operations, each once, every API route behind a role but the document's")
    func table() {
        let routes = TableRoute.routes
        #expect(routes.map(\.operationID).sorted() == [
            "applySuggestion", "archiveSpec", "checkMarkdown", "createSpec", "createThread", "createWebhook", "deleteWebhook", "diffRevisions",
            "dismissSuggestion", "editComment", "getCurrentUser", "getInbox", "getRevision", "getSpec", "getTemplate", "getThread", "health", "listDeliveries",
            "listRevisions", "listSpecs", "listTemplates", "listThreads", "listWebhooks", "markInboxItemDone", "metrics", "openAPIDocument",
            "putSpec", "ready", "reopenThread", "replyToThread", "requestReview", "resolveThread", "signOffSpec", "transitionSpec",
        ])
        #expect(routes.filter { $0.minimum == nil }.map(\.path).sorted() == ["/api/v1/openapi.yaml", "/healthz", "/metrics", "/readyz"])
    }

    @Test("roles are ordered reader < author < reviewer < approver < admin")
    func ordering() {
        #expect(UserRole.allCases == [.reader, .author, .reviewer, .approver, .admin])
        #expect(UserRole.allCases.sorted() == UserRole.allCases)
        #expect(UserRole.reader < .admin && !(UserRole.admin < .approver))
    }
}
