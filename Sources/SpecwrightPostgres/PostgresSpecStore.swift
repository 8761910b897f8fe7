import Foundation
import Logging
import NIOSSL
import PostgresNIO
import SpecwrightCore
import SpecwrightStore

/// ``SpecStore`` on PostgreSQL (postgres-nio): a pool of connections, the same named migrations
/// as SQLite, and every write that reads before it writes in one transaction that locks the row it
/// changes (`SELECT … FOR UPDATE`), so two instances saving the same spec cannot both win.
///
/// ```swift
/// let store = try await PostgresSpecStore.open(PostgresLocation(url: "postgresql://sw@127.0.0.1/sw"), logger: logger)
/// defer { store.close() }
/// ```
public final class PostgresSpecStore: SpecStore {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// Connects, migrates (under an advisory lock) and returns the store. `searchPath` puts the
    /// tables in another schema (the tests give each store its own).
    public static func open(_ location: PostgresLocation, logger: Logger, searchPath: String? = nil) async throws -> PostgresSpecStore {
        var configuration: PostgresClient.Configuration
        if let socket = location.socketDirectory {
            configuration = .init(unixSocketPath: "\(socket)/.s.PGSQL.\(location.port)", username: location.user, password: location.password, database: location.database)
        } else {
            let tls: PostgresClient.Configuration.TLS = switch location.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
            configuration = .init(host: location.host, port: location.port, username: location.user, password: location.password, database: location.database, tls: tls)
        }
        configuration.options.maximumConnections = location.poolSize
        configuration.options.connectTimeout = .seconds(5)
        if let searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
        let store = PostgresSpecStore(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
        // Let the pool's run loop start before the first lease (postgres-nio warns otherwise).
        try? await Task.sleep(for: .milliseconds(10))
        do {
            try await PostgresMigrations.migrate(store.client, logger: logger)
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// Stops the pool's connections.
    public func close() {
        runner.cancel()
    }

    deinit {
        runner.cancel()
    }

    /// Now, at the millisecond precision both backends keep.
    static func now() -> Date { Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000) }

    static func hash(_ markdown: String) -> String { SHA256.hex(Array(markdown.utf8)) }

    /// How long an operation may wait for the database (most of it for a connection, while the
    /// server is down) before it fails with ``StoreError/unavailable(_:)``: a request should get a
    /// quick 503, not hang until the pool gives up.
    static let deadline: Duration = .seconds(3)

    /// Runs `operation`, or fails with ``StoreError/unavailable(_:)`` once `deadline` passes. The
    /// operation is then cancelled but not awaited: a connection stuck on a dead server may not
    /// notice the cancellation until its socket times out, and the request must not wait for that.
    static func withDeadline<Result: Sendable>(_ deadline: Duration = PostgresSpecStore.deadline, _ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let outcome = Outcome<Result>()
        return try await withCheckedThrowingContinuation { continuation in
            outcome.continuation = continuation
            let work = Task {
                do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: deadline)
                if outcome.finish(.failure(StoreError.unavailable("the database did not answer within \(deadline)"))) { work.cancel() }
            }
        }
    }

    /// Resumes a continuation once, whichever of the work and the deadline comes first.
    final class Outcome<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        var continuation: CheckedContinuation<Value, any Error>?

        /// Whether this call was the one that resumed.
        @discardableResult
        func finish(_ result: Result<Value, any Error>) -> Bool {
            let waiting: CheckedContinuation<Value, any Error>? = lock.withLock {
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(with: result)
            return waiting != nil
        }
    }

    /// Runs `body` in a transaction; a unique-key violation becomes ``StoreError/conflict(_:)``.
    func transaction<Result: Sendable>(conflict: String = "already exists", _ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let client = self.client, logger = self.logger
        do {
            return try await Self.withDeadline {
                try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw Self.mapped(closureError, conflict: conflict) }
            throw error
        } catch {
            throw Self.mapped(error, conflict: conflict)
        }
    }

    static func mapped(_ error: any Error, conflict: String) -> any Error {
        if let error = error as? PSQLError, error.serverInfo?[.sqlState] == "23505" { return StoreError.conflict(conflict) }
        if isOutage(error) { return StoreError.unavailable("the database cannot be reached: \(explain(error))") }
        return error
    }

    /// Whether `error` means the server is not there (restarting, shutting down, network down)
    /// rather than that the request was wrong.
    static func isOutage(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            if [.connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection].contains(error.code) { return true }
            // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions.
            if let state = error.serverInfo?[.sqlState], state.hasPrefix("57P") || state.hasPrefix("08") { return true }
            return false
        }
        return String(describing: type(of: error)).contains("ConnectionPoolError")
    }

    /// All rows of `query`.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let client = self.client, logger = self.logger
        do {
            return try await Self.withDeadline { try await client.query(query, logger: logger).collect() }
        } catch {
            throw Self.mapped(error, conflict: "already exists")
        }
    }

    // MARK: Specs

    static let specColumns = """
        id, slug, title, template, status, version, author, created_at, updated_at, current_revision, content_hash, archived, \
        completeness, error_count, warning_count, sign_offs_valid, sign_offs_stale, sign_offs_missing
        """

    static func spec(_ row: PostgresRow) throws -> SpecRecord {
        let r = row.makeRandomAccess()
        var record = SpecRecord(
            id: try r["id"].decode(Int64.self), slug: try r["slug"].decode(String.self), title: try r["title"].decode(String.self),
            template: try r["template"].decode(String?.self), status: try r["status"].decode(String?.self), version: try r["version"].decode(String?.self),
            author: try r["author"].decode(String.self), createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self),
            currentRevision: Int(try r["current_revision"].decode(Int32.self)), contentHash: try r["content_hash"].decode(String.self),
            archived: try r["archived"].decode(Bool.self), completeness: try r["completeness"].decode(Double?.self),
            errorCount: try r["error_count"].decode(Int32?.self).map(Int.init), warningCount: try r["warning_count"].decode(Int32?.self).map(Int.init))
        if let valid = try r["sign_offs_valid"].decode(Int32?.self), let stale = try r["sign_offs_stale"].decode(Int32?.self),
           let missing = try r["sign_offs_missing"].decode(Int32?.self) {
            record.signOffCounts = SignOffCounts(valid: Int(valid), stale: Int(stale), missing: Int(missing))
        }
        return record
    }

    static func revision(_ row: PostgresRow) throws -> RevisionRecord {
        let r = row.makeRandomAccess()
        var record = RevisionRecord(
            id: try r["id"].decode(Int64.self), specID: try r["spec_id"].decode(Int64.self), number: Int(try r["number"].decode(Int32.self)),
            markdown: try r["markdown"].decode(String.self), contentHash: try r["content_hash"].decode(String.self), author: try r["author"].decode(String.self),
            message: try r["message"].decode(String.self), createdAt: try r["created_at"].decode(Date.self))
        record.analysis = try r["analysis"].decode(ByteBuffer?.self).map { Data($0.readableBytesView) }
        record.analysisKey = try r["analysis_key"].decode(String?.self)
        return record
    }

    /// The spec called `slug`, locked for this transaction, or ``StoreError/notFound(_:)``.
    static func lockedSpec(_ connection: PostgresConnection, slug: String, logger: Logger) async throws -> SpecRecord {
        let rows = try await connection.query("SELECT \(unescaped: specColumns) FROM spec WHERE slug = \(slug) FOR UPDATE", logger: logger).collect()
        guard let row = rows.first else { throw StoreError.notFound("no spec '\(slug)'") }
        return try spec(row)
    }

    static func specID(_ connection: PostgresConnection, slug: String, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("SELECT id FROM spec WHERE slug = \(slug)", logger: logger).collect()
        guard let row = rows.first else { throw StoreError.notFound("no spec '\(slug)'") }
        return try row.decode(Int64.self)
    }

    public func createSpec(_ facts: SpecFacts, markdown: String, author: String, message: String) async throws -> SpecRecord {
        try await transaction(conflict: "a spec with slug '\(facts.slug)' already exists") { connection in
            let now = Self.now()
            let hash = Self.hash(markdown)
            let counts = facts.signOffCounts
            let inserted = try await connection.query("""
                INSERT INTO spec (slug, title, template, status, version, author, created_at, updated_at, current_revision, content_hash, archived,
                  completeness, error_count, warning_count, sign_offs_valid, sign_offs_stale, sign_offs_missing)
                VALUES (\(facts.slug), \(facts.title), \(facts.template), \(facts.status), \(facts.version), \(author), \(now), \(now), 1, \(hash), FALSE,
                  \(facts.completeness), \(facts.errorCount.map(Int32.init)), \(facts.warningCount.map(Int32.init)),
                  \(counts.map { Int32($0.valid) }), \(counts.map { Int32($0.stale) }), \(counts.map { Int32($0.missing) }))
                RETURNING \(unescaped: Self.specColumns)
                """, logger: self.logger).collect()
            let spec = try Self.spec(inserted[0])
            try await connection.query("""
                INSERT INTO revision (spec_id, number, markdown, content_hash, author, message, created_at, analysis, analysis_key)
                VALUES (\(spec.id!), 1, \(markdown), \(hash), \(author), \(message), \(now), \(facts.analysis.map { ByteBuffer(bytes: $0.data) }), \(facts.analysis?.key))
                """, logger: self.logger)
            try await Self.notify(connection, slug: facts.slug, logger: self.logger)
            return spec
        }
    }

    public func spec(slug: String) async throws -> SpecRecord? {
        try await rows("SELECT \(unescaped: Self.specColumns) FROM spec WHERE slug = \(slug)").first.map(Self.spec)
    }

    public func specWithCurrentRevision(slug: String) async throws -> (SpecRecord, RevisionRecord)? {
        let rows = try await rows("""
            SELECT \(unescaped: Self.specColumns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")),
              r.id AS r_id, r.spec_id, r.number, r.markdown, r.content_hash AS r_content_hash, r.author AS r_author, r.message, r.created_at AS r_created_at,
              r.analysis, r.analysis_key
            FROM spec s JOIN revision r ON r.spec_id = s.id AND r.number = s.current_revision WHERE s.slug = \(slug)
            """)
        guard let row = rows.first else { return nil }
        let spec = try Self.spec(row)
        let r = row.makeRandomAccess()
        var revision = RevisionRecord(
            id: try r["r_id"].decode(Int64.self), specID: try r["spec_id"].decode(Int64.self), number: Int(try r["number"].decode(Int32.self)),
            markdown: try r["markdown"].decode(String.self), contentHash: try r["r_content_hash"].decode(String.self), author: try r["r_author"].decode(String.self),
            message: try r["message"].decode(String.self), createdAt: try r["r_created_at"].decode(Date.self))
        revision.analysis = try r["analysis"].decode(ByteBuffer?.self).map { Data($0.readableBytesView) }
        revision.analysisKey = try r["analysis_key"].decode(String?.self)
        return (spec, revision)
    }

    public func listSpecs(_ query: SpecQuery) async throws -> [SpecRecord] {
        var builder = SQLBuilder()
        builder.append("SELECT \(Self.specColumns) FROM spec WHERE archived = FALSE")
        builder.filters(query)
        let direction = query.descending ? "DESC" : "ASC"
        if query.order == .slug {
            if let cursor = query.cursor { builder.append(query.descending ? " AND slug < " : " AND slug > "); builder.bind(cursor) }
            builder.append(" ORDER BY slug \(direction)")
        } else {
            // Column expressions from a fixed list, never from the request's text.
            let column = switch query.order {
            case .slug: "slug"
            case .title: "lower(title)"
            case .status: "status"
            case .template: "template"
            case .version: "version"
            case .author: "author"
            case .updated: "updated_at"
            case .completeness: "COALESCE(completeness, 0)"
            case .findings: "COALESCE(error_count, 0) * 1000000 + COALESCE(warning_count, 0)"
            }
            builder.append(" ORDER BY \(column) \(direction) NULLS FIRST, slug \(direction)")
        }
        builder.append(" LIMIT ")
        builder.bind(Int64(query.limit))
        if query.cursor == nil || query.order != .slug {
            builder.append(" OFFSET ")
            builder.bind(Int64(max(0, query.offset)))
        }
        return try await rows(builder.query).map(Self.spec)
    }

    public func countSpecs(_ query: SpecQuery) async throws -> Int {
        var builder = SQLBuilder()
        builder.append("SELECT COUNT(*) FROM spec WHERE archived = FALSE")
        builder.filters(query)
        return Int(try await rows(builder.query)[0].decode(Int64.self))
    }

    public func statusCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await rows("SELECT COALESCE(status, ''), COUNT(*) FROM spec WHERE archived = FALSE GROUP BY COALESCE(status, '')") {
            let (status, count) = try row.decode((String, Int64).self)
            counts[status, default: 0] += Int(count)
        }
        return counts
    }

    public func addRevision(slug: String, _ facts: SpecFacts, markdown: String, author: String, message: String, expectedHash: String?) async throws -> SpecRecord {
        try await transaction { connection in
            // The row lock makes the check and the new revision one step: a concurrent save waits, then sees the new hash.
            var spec = try await Self.lockedSpec(connection, slug: slug, logger: self.logger)
            if let expectedHash, expectedHash != spec.contentHash { throw StoreError.preconditionFailed(current: spec.contentHash) }
            let hash = Self.hash(markdown)
            guard hash != spec.contentHash else {
                if let analysis = facts.analysis {
                    try await connection.query("""
                        UPDATE revision SET analysis = \(ByteBuffer(bytes: analysis.data)), analysis_key = \(analysis.key)
                        WHERE spec_id = \(spec.id!) AND number = \(Int32(spec.currentRevision)) AND (analysis_key IS NULL OR analysis_key <> \(analysis.key))
                        """, logger: self.logger)
                }
                return spec
            }
            let now = Self.now()
            spec.currentRevision += 1
            let counts = facts.signOffCounts
            let updated = try await connection.query("""
                UPDATE spec SET current_revision = \(Int32(spec.currentRevision)), content_hash = \(hash), title = \(facts.title), template = \(facts.template),
                  status = \(facts.status), version = \(facts.version), updated_at = \(now), archived = FALSE, completeness = \(facts.completeness),
                  error_count = \(facts.errorCount.map(Int32.init)), warning_count = \(facts.warningCount.map(Int32.init)),
                  sign_offs_valid = \(counts.map { Int32($0.valid) }), sign_offs_stale = \(counts.map { Int32($0.stale) }), sign_offs_missing = \(counts.map { Int32($0.missing) })
                WHERE id = \(spec.id!) RETURNING \(unescaped: Self.specColumns)
                """, logger: self.logger).collect()
            try await connection.query("""
                INSERT INTO revision (spec_id, number, markdown, content_hash, author, message, created_at, analysis, analysis_key)
                VALUES (\(spec.id!), \(Int32(spec.currentRevision)), \(markdown), \(hash), \(author), \(message), \(now),
                  \(facts.analysis.map { ByteBuffer(bytes: $0.data) }), \(facts.analysis?.key))
                """, logger: self.logger)
            try await Self.notify(connection, slug: slug, logger: self.logger)
            return try Self.spec(updated[0])
        }
    }

    public func archiveSpec(slug: String) async throws -> SpecRecord {
        try await transaction { connection in
            let rows = try await connection.query(
                "UPDATE spec SET archived = TRUE, updated_at = \(Self.now()) WHERE slug = \(slug) RETURNING \(unescaped: Self.specColumns)", logger: self.logger).collect()
            guard let row = rows.first else { throw StoreError.notFound("no spec '\(slug)'") }
            try await Self.notify(connection, slug: slug, logger: self.logger)
            return try Self.spec(row)
        }
    }

    public func setAnalysis(slug: String, revision number: Int, _ analysis: RevisionAnalysis) async throws {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            let updated = try await connection.query("""
                UPDATE revision SET analysis = \(ByteBuffer(bytes: analysis.data)), analysis_key = \(analysis.key)
                WHERE spec_id = \(id) AND number = \(Int32(number)) RETURNING id
                """, logger: self.logger).collect()
            if updated.isEmpty { throw StoreError.notFound("no revision \(number)") }
        }
    }

    public func revisions(slug: String) async throws -> [RevisionRecord] {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            return try await connection.query("SELECT * FROM revision WHERE spec_id = \(id) ORDER BY number", logger: self.logger).collect().map(Self.revision)
        }
    }

    public func revision(slug: String, number: Int) async throws -> RevisionRecord? {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            return try await connection.query("SELECT * FROM revision WHERE spec_id = \(id) AND number = \(Int32(clamping: number))", logger: self.logger)
                .collect().first.map(Self.revision)
        }
    }

    static func signOff(_ row: PostgresRow) throws -> SignOffRecord {
        let r = row.makeRandomAccess()
        return SignOffRecord(
            id: try r["id"].decode(Int64.self), specID: try r["spec_id"].decode(Int64.self), revision: Int(try r["revision"].decode(Int32.self)),
            role: try r["role"].decode(String.self), user: try r["user"].decode(String.self), contentHash: try r["content_hash"].decode(String.self),
            createdAt: try r["created_at"].decode(Date.self))
    }

    public func addSignOff(slug: String, role: String, user: String, contentHash: String) async throws -> SignOffRecord {
        try await transaction { connection in
            let spec = try await Self.lockedSpec(connection, slug: slug, logger: self.logger)
            let rows = try await connection.query("""
                INSERT INTO signoff (spec_id, revision, role, "user", content_hash, created_at)
                VALUES (\(spec.id!), \(Int32(spec.currentRevision)), \(role), \(user), \(contentHash), \(Self.now())) RETURNING *
                """, logger: self.logger).collect()
            try await Self.notify(connection, slug: slug, logger: self.logger)
            return try Self.signOff(rows[0])
        }
    }

    public func signOffs(slug: String) async throws -> [SignOffRecord] {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            return try await connection.query("SELECT * FROM signoff WHERE spec_id = \(id) ORDER BY id", logger: self.logger).collect().map(Self.signOff)
        }
    }

    public func signOffs(byUser user: String) async throws -> [SignOffEntry] {
        try await rows("""
            SELECT s.slug, s.title, o.* FROM signoff o JOIN spec s ON s.id = o.spec_id WHERE o."user" = \(user) AND s.archived = FALSE ORDER BY o.id DESC
            """).map { row in
            let r = row.makeRandomAccess()
            return SignOffEntry(slug: try r["slug"].decode(String.self), title: try r["title"].decode(String.self), signOff: try Self.signOff(row))
        }
    }

    public func ping() async throws {
        _ = try await rows("SELECT 1")
    }
}

// MARK: Changes across instances

extension PostgresSpecStore: SpecChangeFeed {
    static let changeChannel = "specwright_changes"

    /// Tells every listening instance that `slug` changed, when the transaction commits.
    static func notify(_ connection: PostgresConnection, slug: String, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(changeChannel), \(slug))", logger: logger)
    }

    public func followChanges(_ changed: @escaping @Sendable (String) -> Void) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.changeChannel) { notifications in
                        // Listening again after a gap: whatever changed meanwhile is unknown.
                        changed("")
                        for try await notification in notifications { changed(notification.payload) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for changes failed; retrying", metadata: ["error": "\(String(reflecting: error))"])
                changed("")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// SQL with binds, built in pieces (for the list's optional filters and chosen order).
struct SQLBuilder {
    private(set) var sql = ""
    private var bindings = PostgresBindings()

    mutating func append(_ text: String) { sql += text }

    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) {
        bindings.append(value)
        sql += "$\(bindings.count)"
    }

    mutating func filters(_ query: SpecQuery) {
        if let status = query.status { append(" AND lower(status) = lower("); bind(status); append(")") }
        if let template = query.template { append(" AND template = "); bind(template) }
        if let text = query.text, !text.isEmpty {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            append(" AND title ILIKE "); bind("%\(escaped)%"); append(" ESCAPE '\\'")
        }
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}

extension PostgresSpecStore {
    /// Runs a statement made of the caller's own constants (administration and tests: creating and
    /// dropping schemas), never of input.
    public func execute(_ statement: String) async throws {
        _ = try await rows(PostgresQuery(unsafeSQL: statement))
    }
}

extension PostgresSpecStore {
    /// A short account of why PostgreSQL refused or could not be reached (never the password).
    public static func explain(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return String(describing: error.code)
        }
        let text = String(describing: error)
        if text.contains("circuitBreakerTripped") || text.contains("connectionCreation") {
            return "no connection could be made (is the server running and the host, port and credentials right?)"
        }
        return text
    }
}
