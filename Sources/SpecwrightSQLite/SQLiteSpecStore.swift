import Foundation
import GRDB
import SpecwrightCore
import SpecwrightStore

/// ``SpecStore`` on SQLite through GRDB: a WAL-mode database pool for a file, or an in-memory
/// database for tests, both with one configuration, and named, append-only migrations.
///
/// ```swift
/// let store = try SQLiteSpecStore(path: ".specwright/specwright.db")
/// let spec = try await store.createSpec(facts, markdown: text, author: "ada", message: "created")
/// ```
public final class SQLiteSpecStore: SpecStore {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) a database file, in WAL mode (a database pool's journal).
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        writer = try DatabasePool(path: path, configuration: Self.configuration)
        try Self.migrator.migrate(writer)
    }

    /// An in-memory database (for tests), with the same configuration as a file.
    public init() throws {
        writer = try DatabaseQueue(configuration: Self.configuration)
        try Self.migrator.migrate(writer)
    }

    /// Every connection's settings: foreign keys on (GRDB's default), and a writer waits up to
    /// 5 s for another's lock instead of failing at once.
    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        return configuration
    }

    /// The spec called `slug`, archived or not, or ``StoreError/notFound(_:)``.
    static func existingSpec(_ db: Database, slug: String) throws -> SpecRecord {
        guard let spec = try SpecRecord.filter(Columns.slug == slug).fetchOne(db) else { throw StoreError.notFound("no spec '\(slug)'") }
        return spec
    }

    static func hash(_ markdown: String) -> String { SHA256.hex(Array(markdown.utf8)) }

    /// Now, at the millisecond precision SQLite keeps, so a record reads back equal to itself.
    static func now() -> Date { Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000) }

    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
