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
            let watch = DeadlineWatch.shared.watch(until: .now + deadline) { work in
                if outcome.finish(.failure(StoreError.unavailable("the database did not answer within \(deadline)"))) { work?.cancel() }
            }
            let work = Task {
                do { outcome.finish(.success(try await operation())) } catch { outcome.finish(.failure(error)) }
                DeadlineWatch.shared.forget(watch)
            }
            DeadlineWatch.shared.attach(work, to: watch)
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
            // BEGIN or COMMIT failed: the server went away between statements (an outage, a 503),
            // not a wrong request (which would have been a 500).
            if let statementError = error.beginError ?? error.commitError { throw Self.mapped(statementError, conflict: conflict) }
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

    public func ping() async throws {
        _ = try await rows("SELECT 1")
    }
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
