import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightSQLite
import SpecwrightStore
import Testing

/// Each operation of the API, with the minimum role it needs (nil: anyone, no token).
enum Endpoint: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case listSpecs, createSpec, getSpec, getSpecMarkdown, putSpec, archiveSpec, listRevisions, getRevision, diffRevisions
    case transitionSpec, approveSpec, signOffSpec, checkMarkdown, listTemplates, getTemplate
    case openAPIDocument, health, ready, metrics

    var testDescription: String { "\(method.rawValue) \(path) [\(rawValue)]" }

    /// The operation's id in the OpenAPI document (approving is a transition).
    var operationID: String {
        switch self {
        case .getSpecMarkdown: "getSpec"
        case .approveSpec: "transitionSpec"
        default: rawValue
        }
    }

    var minimum: UserRole? {
        switch self {
        case .listSpecs, .getSpec, .getSpecMarkdown, .listRevisions, .getRevision, .diffRevisions, .checkMarkdown, .listTemplates, .getTemplate: .reader
        case .createSpec, .putSpec, .transitionSpec: .author
        case .signOffSpec: .reviewer
        case .approveSpec: .approver
        case .archiveSpec: .admin
        case .openAPIDocument, .health, .ready, .metrics: nil
        }
    }

    var method: HTTPRequest.Method {
        switch self {
        case .createSpec, .transitionSpec, .approveSpec, .signOffSpec, .checkMarkdown: .post
        case .putSpec: .put
        case .archiveSpec: .delete
        default: .get
        }
    }

    /// The path as the OpenAPI document writes it.
    var path: String {
        switch self {
        case .listSpecs, .createSpec: "/api/v1/specs"
        case .getSpec, .getSpecMarkdown, .putSpec, .archiveSpec: "/api/v1/specs/{slug}"
        case .listRevisions: "/api/v1/specs/{slug}/revisions"
        case .getRevision: "/api/v1/specs/{slug}/revisions/{number}"
        case .diffRevisions: "/api/v1/specs/{slug}/diff"
        case .transitionSpec, .approveSpec: "/api/v1/specs/{slug}/transitions"
        case .signOffSpec: "/api/v1/specs/{slug}/signoffs"
        case .checkMarkdown: "/api/v1/check"
        case .listTemplates: "/api/v1/templates"
        case .getTemplate: "/api/v1/templates/{name}"
        case .openAPIDocument: "/api/v1/openapi.yaml"
        case .health: "/healthz"
        case .ready: "/readyz"
        case .metrics: "/metrics"
        }
    }

    /// The statuses a caller with enough rights gets.
    var allowedStatuses: Set<Int> {
        switch self {
        case .createSpec, .signOffSpec: [201]
        // The seeded specs do not pass these gates.
        case .transitionSpec, .approveSpec: [409]
        default: [200]
        }
    }

    /// Stores the specs the calls work on: `note` (no template), `draft-spec` (generated, DRAFT)
    /// and `payment-retries` (IN_REVIEW).
    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture.make()
        try await fixture.seed("note", markdown: Samples.note("Note"))
        try await fixture.seed("draft-spec", markdown: Samples.generated("Draft Spec"))
        try await fixture.seed("payment-retries", markdown: Samples.paymentRetries)
        return fixture
    }

    func send(_ api: APIClient, as role: UserRole?) async throws -> TestResponse {
        switch self {
        case .listSpecs: try await api.get("/api/v1/specs", as: role)
        case .createSpec: try await api.create(["title": "Fresh Spec"], as: role)
        case .getSpec: try await api.get("/api/v1/specs/note", as: role)
        case .getSpecMarkdown: try await api.get("/api/v1/specs/note", as: role, headers: [.accept: "text/markdown"])
        case .putSpec: try await api.put("note", markdown: Samples.note("Note", body: "Edited."), ifMatch: "*", as: role)
        case .archiveSpec: try await api.send(.delete, "/api/v1/specs/note", as: role)
        case .listRevisions: try await api.get("/api/v1/specs/note/revisions", as: role)
        case .getRevision: try await api.get("/api/v1/specs/note/revisions/1", as: role)
        case .diffRevisions: try await api.get("/api/v1/specs/note/diff?from=1&to=1", as: role)
        case .transitionSpec: try await api.transition("draft-spec", to: "IN_REVIEW", as: role)
        case .approveSpec: try await api.transition("payment-retries", to: "APPROVED", as: role)
        case .signOffSpec: try await api.signOff("payment-retries", role: ServerFixture.reviewerSignOffRole, as: role)
        case .checkMarkdown: try await api.send(.post, "/api/v1/check", as: role, body: Samples.note("Check me"), contentType: "text/markdown")
        case .listTemplates: try await api.get("/api/v1/templates", as: role)
        case .getTemplate: try await api.get("/api/v1/templates/feature-spec", as: role)
        case .openAPIDocument: try await api.get("/api/v1/openapi.yaml", as: role)
        case .health: try await api.get("/healthz", as: role)
        case .ready: try await api.get("/readyz", as: role)
        case .metrics: try await api.get("/metrics", as: role)
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

    static func take(_ store: SQLiteSpecStore) async throws -> StoreSnapshot {
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
    @Test("below the minimum role: 401 without a token, 403 with one (and nothing changes); at or above: neither", arguments: Endpoint.allCases, Caller.allCases)
    func matrix(_ endpoint: Endpoint, _ caller: Caller) async throws {
        let fixture = try await Endpoint.fixture()
        let before = try await StoreSnapshot.take(fixture.database)
        try await fixture.run { api in
            let response = try await endpoint.send(api, as: caller.role)
            switch (endpoint.minimum, caller.role) {
            case (nil, _):
                #expect(response.status == .ok, "\(response.text)")
            case (.some, nil):
                expectError(response, .unauthorized)
                #expect(try await StoreSnapshot.take(fixture.database) == before)
            case (.some(let minimum), .some(let role)) where role < minimum:
                let error = expectError(response, .forbidden, "has \(role.rawValue)")
                // It names the role needed (for a reader approving: the author role the route needs first).
                #expect(error?.error.contains(minimum.rawValue) == true || (endpoint == .approveSpec && error?.error.contains("author") == true))
                #expect(try await StoreSnapshot.take(fixture.database) == before)
            case (.some, .some):
                #expect(response.status != .unauthorized && response.status != .forbidden, "\(response.text)")
                #expect(endpoint.allowedStatuses.contains(response.status.code), "\(response.status.code): \(response.text)")
            }
        }
    }

    @Test("roles are ordered reader < author < reviewer < approver < admin")
    func ordering() {
        #expect(UserRole.allCases == [.reader, .author, .reviewer, .approver, .admin])
        #expect(UserRole.allCases.sorted() == UserRole.allCases)
        #expect(UserRole.reader < .admin && !(UserRole.admin < .approver))
    }
}
