import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import SpecwrightEmbeddedChecks
import SpecwrightCore
import SpecwrightServer
import SpecwrightPostgres
import SpecwrightSQLite
import SpecwrightStore
import Testing

// MARK: - Clock

/// A clock the tests move by hand, for the rate limiter.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: TimeInterval = 1_000

    var now: TimeInterval { lock.withLock { value } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { value += seconds }
    }
}

// MARK: - Fixture

/// An in-memory store with one user (and token) per role, the checker with the embedded-block
/// rules, the gates, and a rate limiter on a ``ManualClock``.
struct ServerFixture: Sendable {
    static let userNames: [UserRole: String] = [
        .reader: "Rita Reader", .author: "Arthur Author", .reviewer: "Rhea Reviewer", .approver: "April Approver", .admin: "Adam Admin",
    ]
    static let checker = Checker(catalog: .builtin, rules: .withEmbeddedChecks)
    static let environment = SpecEnvironment(checker: checker)
    /// The sign-off role a reviewer may sign (every other role needs an approver).
    static let reviewerSignOffRole = "QA"
    static let metricsText = "# TYPE specwright_test_total counter\nspecwright_test_total 1\n"

    struct Options: Sendable {
        var bodyLimit = 256 * 1024
        var burst = 100_000
        var perSecond = 1.0
        var signOffRoles: [String: UserRole] = [ServerFixture.reviewerSignOffRole: .reviewer]
        var signInBurst = 1000
        var signInPerSecond = 1000.0
        var trustProxy = false
    }

    /// Every fixture user's password (the web app's sign-in).
    static func password(_ role: UserRole) -> String { "password-of-\(role.rawValue)" }

    /// The store (users, tokens, audit log); the app may see it through a wrapper. SQLite in memory,
    /// or PostgreSQL (a schema of its own) when `SPECWRIGHT_TEST_SERVER_DB` is a `postgresql://` URL.
    let database: any SpecStore
    /// The store the app uses.
    let store: any SpecStore
    let tokens: [UserRole: String]
    let clock: ManualClock
    let rateLimiter: RateLimiter
    let dependencies: ServerDependencies

    /// Builds the fixture; `wrap` lets a test put a store double in front of the real store.
    static func make(_ options: Options = Options(), wrap: @Sendable (any SpecStore) -> any SpecStore = { $0 }) async throws -> ServerFixture {
        let database = try await TestDatabase.make()
        var tokens: [UserRole: String] = [:]
        for role in UserRole.allCases {
            tokens[role] = try await TokenAdministration(store: database).issue(user: userNames[role]!, role: role).token
            // bcrypt's least cost keeps the tests fast; the server's default is 12.
            _ = try await UserAdministration(store: database, cost: 4).setPassword(name: userNames[role]!, password: password(role))
        }
        var configuration = ServerConfiguration()
        configuration.bodyLimit = options.bodyLimit
        configuration.rateLimitBurst = options.burst
        configuration.rateLimitPerSecond = options.perSecond
        configuration.signOffRoles = options.signOffRoles
        configuration.passwordCost = 4
        configuration.signInBurst = options.signInBurst
        configuration.signInPerSecond = options.signInPerSecond
        configuration.trustProxy = options.trustProxy
        let clock = ManualClock()
        let limiter = RateLimiter(capacity: options.burst, perSecond: options.perSecond, clock: { clock.now })
        let store = wrap(database)
        let dependencies = ServerDependencies(
            store: store, environment: environment, configuration: configuration, rateLimiter: limiter, metrics: { metricsText })
        return ServerFixture(database: database, store: store, tokens: tokens, clock: clock, rateLimiter: limiter, dependencies: dependencies)
    }

    func application(logger: Logger = Logger(label: "test")) -> some ApplicationProtocol {
        buildApplication(dependencies, logger: logger)
    }

    /// Runs `body` against the app through HummingbirdTesting's router framework.
    @discardableResult
    func run<Value: Sendable>(logger: Logger = Logger(label: "test"), _ body: @escaping @Sendable (APIClient) async throws -> Value) async throws -> Value {
        try await application(logger: logger).test(.router) { client in
            try await body(APIClient(client: client, fixture: self))
        }
    }

    /// The audit log, once the app's audit entries (written behind its requests) are in.
    func auditLog(_ query: AuditQuery) async throws -> [AuditRecord] {
        await dependencies.followUps.flush(within: .seconds(30))
        return try await database.auditLog(query)
    }

    func auditLog(limit: Int) async throws -> [AuditRecord] { try await auditLog(AuditQuery(limit: limit)) }

    /// Stores a spec directly (facts read the way the server reads them).
    @discardableResult
    func seed(_ slug: String, markdown: String, author: String = "Seed") async throws -> SpecRecord {
        let service = SpecService(store: database, environment: Self.environment)
        return try await database.createSpec(service.facts(markdown, slug: slug), markdown: markdown, author: author, message: "created")
    }
}

/// The database a fixture runs on.
enum TestDatabase {
    /// `SPECWRIGHT_TEST_SERVER_DB`: unset for SQLite in memory, or a `postgresql://` URL to run the
    /// server's tests on PostgreSQL (`.ci/run` does both).
    static let postgresURL = ProcessInfo.processInfo.environment["SPECWRIGHT_TEST_SERVER_DB"].flatMap { $0.isEmpty ? nil : $0 }

    static func make() async throws -> any SpecStore {
        guard let url = postgresURL else { return try SQLiteSpecStore() }
        let location = try PostgresLocation(url: url)
        let schema = "server_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PostgresSpecStore.open(location, logger: Logger(label: "test"))
        try await admin.execute("CREATE SCHEMA \(schema)")
        admin.close()
        // The store closes its connections when the fixture lets go of it; the schema stays in the
        // scratch database CI throws away.
        return try await PostgresSpecStore.open(location, logger: Logger(label: "test"), searchPath: schema)
    }
}

// MARK: - Sample specs

enum Samples {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `examples/specs/payment-retries.md`: a filled feature spec, IN_REVIEW.
    static let paymentRetries: String = {
        let url = repositoryRoot.appendingPathComponent("examples/specs/payment-retries.md")
        // A missing example must stop the tests loudly, not make them pass on empty text.
        return try! String(contentsOf: url, encoding: .utf8)
    }()

    /// A spec generated from a built-in template (DRAFT, full of placeholders).
    static func generated(_ title: String, template: String = "feature-spec") -> String {
        let found = TemplateCatalog.builtin.template(named: template)!
        return String(decoding: SpecGenerator(template: found).generate(title: title, author: "Seed", date: "2026-01-15"), as: UTF8.self)
    }

    /// A short Markdown note with no template.
    static func note(_ title: String, body: String = "Some text.") -> String {
        "# \(title)\n\n\(body)\n"
    }

    /// `markdown` with every checklist item in its Pre-Implementation section ticked (the review
    /// checklist the approval gate wants).
    static func tickingReviewChecklist(_ markdown: String) -> String {
        var lines = markdown.components(separatedBy: "\n")
        var inside = false
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix("#") { inside = line.lowercased().contains("pre-implementation") }
            if inside { lines[index] = line.replacingOccurrences(of: "- [ ]", with: "- [x]") }
        }
        return lines.joined(separator: "\n")
    }

    /// Markdown with a broken SQL block whose offending token is at 5:24.
    static let brokenSQL = "# Blocks\n\nSome text.\n```sql\nCREATE TABLE t (id INT,, name TEXT);\n```\n"
}

// MARK: - Client

/// A thin client over HummingbirdTesting's: a role's bearer token, JSON bodies, the usual calls.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let fixture: ServerFixture

    func send(_ method: HTTPRequest.Method, _ uri: String, as role: UserRole?, headers: HTTPFields = [:], body: String? = nil, contentType: String? = nil) async throws -> TestResponse {
        var headers = headers
        if let role { headers[.authorization] = "Bearer \(fixture.tokens[role]!)" }
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func sendJSON(_ method: HTTPRequest.Method, _ uri: String, as role: UserRole?, _ object: [String: String], headers: HTTPFields = [:]) async throws -> TestResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(object), as: UTF8.self)
        return try await send(method, uri, as: role, headers: headers, body: text, contentType: "application/json")
    }

    func get(_ uri: String, as role: UserRole? = .reader, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(.get, uri, as: role, headers: headers)
    }

    func create(_ object: [String: String], as role: UserRole? = .author) async throws -> TestResponse {
        try await sendJSON(.post, "/api/v1/specs", as: role, object)
    }

    /// The spec's text and its ETag (as sent, with quotes).
    func markdown(_ slug: String) async throws -> (text: String, etag: String) {
        let response = try await get("/api/v1/specs/\(slug)", headers: [.accept: "text/markdown"])
        try #require(response.status == .ok)
        return (response.text, try #require(response.headers[.eTag]))
    }

    func put(_ slug: String, markdown: String, ifMatch: String?, as role: UserRole? = .author) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await send(.put, "/api/v1/specs/\(slug)", as: role, headers: headers, body: markdown, contentType: "text/markdown; charset=utf-8")
    }

    func transition(_ slug: String, to target: String, reason: String? = nil, as role: UserRole?) async throws -> TestResponse {
        var body = ["to": target]
        body["reason"] = reason
        return try await sendJSON(.post, "/api/v1/specs/\(slug)/transitions", as: role, body)
    }

    func signOff(_ slug: String, role signOffRole: String, as role: UserRole?) async throws -> TestResponse {
        try await sendJSON(.post, "/api/v1/specs/\(slug)/signoffs", as: role, ["role": signOffRole])
    }

    func revisionCount(_ slug: String) async throws -> Int {
        try await fixture.database.revisions(slug: slug).count
    }
}

// MARK: - Direct requests (chosen client address, no Content-Length)

/// Sends requests straight to the router's responder with a context whose channel has a chosen
/// remote address, and without the Content-Length HummingbirdTesting always adds (as a chunked
/// upload would arrive).
struct DirectClient: Sendable {
    let responder: RouterResponder<AppRequestContext>
    let fixture: ServerFixture
    let logger = Logger(label: "test")

    init(_ fixture: ServerFixture) {
        self.fixture = fixture
        responder = buildRouter(fixture.dependencies).buildResponder()
    }

    final class Collector: ResponseBodyWriter, @unchecked Sendable {
        var body = ByteBuffer()
        func write(_ buffer: ByteBuffer) async throws { body.writeImmutableBuffer(buffer) }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
        var text: String { String(buffer: body) }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, from address: String?, as role: UserRole? = nil, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> Reply {
        var headers = headers
        if let role { headers[.authorization] = "Bearer \(fixture.tokens[role]!)" }
        let channel = NIOAsyncTestingChannel()
        if let address { channel.remoteAddress = try SocketAddress(ipAddress: address, port: 40_000) }
        let context = AppRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        let response = try await responder.respond(to: request, context: context)
        let collector = Collector()
        try await response.body.write(collector)
        return Reply(status: response.status, headers: response.headers, body: collector.body)
    }
}

// MARK: - Response bodies

extension TestResponse {
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(body.readableBytesView))
    }

    /// The body as a JSON object (to see which keys are present).
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }
}

/// Mirrors of the API's JSON bodies (decoding them checks the documented shapes).
enum Bodies {
    struct Error: Decodable, Equatable {
        var error: String
        var details: [String]?
        var retry_after: Int?
    }

    struct SpecListEntry: Decodable {
        var slug: String
        var title: String
        var template: String?
        var status: String?
        var version: String?
        var author: String
        var created: Date
        var updated: Date
        var revision: Int
        var etag: String
        var archived: Bool
    }

    struct SpecList: Decodable {
        var specs: [SpecListEntry]
        var next_cursor: String?
    }

    struct Finding: Decodable, Equatable {
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var rule: String
        var severity: String
        var message: String
    }

    struct Section: Decodable, Equatable {
        var title: String
        var level: Int
        var line: Int
        var completeness: Double
    }

    struct SpecDetail: Decodable {
        var spec: SpecListEntry
        var completeness: Double
        var sections: [Section]
        var findings: [Finding]
    }

    struct Revision: Decodable {
        var number: Int
        var author: String
        var message: String
        var created: Date
        var etag: String
        var markdown: String?
    }

    struct RevisionList: Decodable {
        var revisions: [Revision]
    }

    struct SignOff: Decodable {
        var spec: String
        var role: String
        var user: String
        var revision: Int
        var signature: String
        var created: Date
    }

    struct CheckResult: Decodable {
        var template: String?
        var templateSource: String
        var completeness: Double?
        var errors: Int
        var warnings: Int
        var infos: Int
        var findings: [Finding]
    }

    struct Template: Decodable {
        var name: String
        var summary: String
        var source: String
        var statuses: [String]
        var sections: [String]?
        var markdown: String?
    }

    struct TemplateList: Decodable {
        var templates: [Template]
    }
}

/// Expects an error response: `status`, a JSON content type, and a body with a non-empty `error`
/// string (containing `fragment` when given). Returns the decoded body.
@discardableResult
func expectError(_ response: TestResponse, _ status: HTTPResponse.Status, _ fragment: String? = nil,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bodies.Error? {
    expectError(status: response.status, headers: response.headers, body: response.body, expected: status, fragment, sourceLocation: sourceLocation)
}

@discardableResult
func expectError(status actual: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer, expected status: HTTPResponse.Status, _ fragment: String? = nil,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bodies.Error? {
    #expect(actual == status, "status \(actual.code), body \(String(buffer: body))", sourceLocation: sourceLocation)
    #expect(headers[.contentType] == "application/json; charset=utf-8", "content type \(headers[.contentType] ?? "none")", sourceLocation: sourceLocation)
    guard let decoded = try? JSONDecoder().decode(Bodies.Error.self, from: Data(body.readableBytesView)) else {
        Issue.record("the error body is not JSON with an 'error' string: \(String(buffer: body))", sourceLocation: sourceLocation)
        return nil
    }
    #expect(!decoded.error.isEmpty, sourceLocation: sourceLocation)
    if let fragment {
        #expect(decoded.error.contains(fragment), "'\(decoded.error)' does not contain '\(fragment)'", sourceLocation: sourceLocation)
    }
    return decoded
}

// MARK: - Store doubles

/// An arbitrary failure no layer knows about.
struct Boom: Error, CustomStringConvertible {
    var description: String { "boom: the disk caught fire" }
}

/// Users, tokens and the audit log come from the real store; every spec operation and the
/// readiness ping throw ``Boom``.
struct FailingSpecStore: SpecStore {
    let inner: any SpecStore
    /// What the failing operations throw.
    var failure: StoreFailure = .boom

    enum StoreFailure: Sendable {
        case boom, outage

        var error: any Error {
            switch self {
            case .boom: Boom()
            case .outage: StoreError.unavailable("the database cannot be reached: connection refused")
            }
        }
    }

    func createSpec(_ facts: SpecFacts, markdown: String, author: String, message: String) async throws -> SpecRecord { throw failure.error }
    func spec(slug: String) async throws -> SpecRecord? { throw failure.error }
    func specWithCurrentRevision(slug: String) async throws -> (SpecRecord, RevisionRecord)? { throw failure.error }
    func listSpecs(_ query: SpecQuery) async throws -> [SpecRecord] { throw failure.error }
    func addRevision(slug: String, _ facts: SpecFacts, markdown: String, author: String, message: String, expectedHash: String?) async throws -> SpecRecord { throw failure.error }
    func archiveSpec(slug: String) async throws -> SpecRecord { throw failure.error }
    func setAnalysis(slug: String, revision number: Int, _ analysis: RevisionAnalysis) async throws { throw failure.error }
    func revisions(slug: String) async throws -> [RevisionRecord] { throw failure.error }
    func revision(slug: String, number: Int) async throws -> RevisionRecord? { throw failure.error }
    func addSignOff(slug: String, role: String, user: String, contentHash: String) async throws -> SignOffRecord { throw failure.error }
    func signOffs(slug: String) async throws -> [SignOffRecord] { throw failure.error }
    func signOffs(byUser user: String) async throws -> [SignOffEntry] { throw failure.error }
    func statusCounts() async throws -> [String: Int] { throw failure.error }
    func countSpecs(_ query: SpecQuery) async throws -> Int { throw failure.error }

    func createUser(name: String, role: UserRole, passwordHash: String?, mustChangePassword: Bool) async throws -> UserRecord {
        try await inner.createUser(name: name, role: role, passwordHash: passwordHash, mustChangePassword: mustChangePassword)
    }
    func user(named name: String) async throws -> UserRecord? { try await inner.user(named: name) }
    func users() async throws -> [UserRecord] { try await inner.users() }
    func updateUser(named name: String, _ change: UserChange) async throws -> UserRecord { try await inner.updateUser(named: name, change) }
    func createSession(_ session: SessionRecord) async throws -> SessionRecord { try await inner.createSession(session) }
    func session(idHash: String, idleSince: Date) async throws -> (SessionRecord, UserRecord)? { try await inner.session(idHash: idHash, idleSince: idleSince) }
    func touchSession(idHash: String, at time: Date) async throws { try await inner.touchSession(idHash: idHash, at: time) }
    func deleteSession(idHash: String) async throws { try await inner.deleteSession(idHash: idHash) }
    func addToken(userID: Int64, tokenHash: String, prefix: String) async throws -> TokenRecord { try await inner.addToken(userID: userID, tokenHash: tokenHash, prefix: prefix) }
    func user(forTokenHash hash: String) async throws -> UserRecord? { try await inner.user(forTokenHash: hash) }
    func revokeToken(prefix: String) async throws -> Bool { try await inner.revokeToken(prefix: prefix) }
    func tokens() async throws -> [TokenEntry] { try await inner.tokens() }
    func tokenCount() async throws -> Int { try await inner.tokenCount() }
    func writeFollowUps(_ followUps: [FollowUp]) async throws -> Int { try await inner.writeFollowUps(followUps) }
    func auditLog(_ query: AuditQuery) async throws -> [AuditRecord] { try await inner.auditLog(query) }
    func ping() async throws { throw failure.error }

    func createThread(_ thread: ThreadRecord, body: String) async throws -> (ThreadRecord, CommentRecord) { throw failure.error }
    func threads(slug: String) async throws -> [ThreadRecord] { throw failure.error }
    func thread(id: Int64) async throws -> ThreadRecord? { throw failure.error }
    func comments(slug: String) async throws -> [CommentRecord] { throw failure.error }
    func comments(threadID: Int64) async throws -> [CommentRecord] { throw failure.error }
    func comment(id: Int64) async throws -> CommentRecord? { throw failure.error }
    func addComment(threadID: Int64, author: String, body: String) async throws -> CommentRecord { throw failure.error }
    func editComment(id: Int64, body: String) async throws -> CommentRecord { throw failure.error }
    func setThreadResolved(id: Int64, by user: String?) async throws -> ThreadRecord { throw failure.error }
    func setSuggestionState(threadID: Int64, from expected: SuggestionState, to state: SuggestionState) async throws -> ThreadRecord { throw failure.error }
    func addInboxItems(_ items: [InboxItemRecord]) async throws { try await inner.addInboxItems(items) }
    func inbox(user: String, includeDone: Bool, limit: Int) async throws -> [InboxItemRecord] { try await inner.inbox(user: user, includeDone: includeDone, limit: limit) }
    func setInboxItemDone(id: Int64, user: String, done: Bool) async throws -> Bool { try await inner.setInboxItemDone(id: id, user: user, done: done) }
    func createWebhook(_ webhook: WebhookRecord) async throws -> WebhookRecord { try await inner.createWebhook(webhook) }
    func webhooks() async throws -> [WebhookRecord] { try await inner.webhooks() }
    func deleteWebhook(id: Int64) async throws -> Bool { try await inner.deleteWebhook(id: id) }
    func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int) async throws -> [(DeliveryRecord, WebhookRecord)] {
        try await inner.claimDueDeliveries(now: now, leaseUntil: leaseUntil, limit: limit)
    }
    func recordAttempt(deliveryID: Int64, _ attempt: DeliveryAttempt) async throws { try await inner.recordAttempt(deliveryID: deliveryID, attempt) }
    func deliveries(webhookID: Int64?, limit: Int) async throws -> [DeliveryRecord] { try await inner.deliveries(webhookID: webhookID, limit: limit) }
}

// MARK: - Log capture

/// Log records kept in memory.
final class LogRecords: @unchecked Sendable {
    struct Entry {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    var entries: [Entry] { lock.withLock { stored } }

    func append(_ entry: Entry) { lock.withLock { stored.append(entry) } }

    func logger() -> Logger {
        Logger(label: "test") { _ in CapturingLogHandler(records: self) }
    }
}

struct CapturingLogHandler: LogHandler {
    let records: LogRecords
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues(\.description)
        records.append(.init(level: event.level, message: event.message.description, metadata: merged))
    }
}
