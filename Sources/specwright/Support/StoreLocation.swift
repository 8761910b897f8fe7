import Foundation
import Logging
import SpecwrightCore
import SpecwrightPostgres
import SpecwrightSQLite
import SpecwrightStore

/// Where the server's data lives, as `--db` (or `SPECWRIGHT_DB`, or `server.db`) names it: a
/// SQLite file path, or a `postgresql://` URL. Anything else that looks like a URL is refused
/// rather than taken for a file name.
enum StoreLocation: CustomStringConvertible {
    case sqlite(String)
    case postgres(PostgresLocation)

    init(_ text: String) throws {
        if PostgresLocation.isURL(text) {
            do {
                self = .postgres(try PostgresLocation(url: text))
            } catch let error as PostgresLocationError {
                throw SpecwrightError.invalid("--db: \(error.description)")
            }
            return
        }
        if let scheme = text.range(of: "://").map({ text[..<$0.lowerBound] }), !scheme.isEmpty, !scheme.contains("/") {
            throw SpecwrightError.invalid("--db: '\(PostgresLocation.redacted(text))' is neither a SQLite file path nor a postgresql:// URL")
        }
        guard !text.isEmpty else { throw SpecwrightError.invalid("--db: the database path is empty") }
        self = .sqlite(text)
    }

    /// Opens the store (creating a SQLite file, migrating either backend).
    func open(logger: Logger) async throws -> any SpecStore {
        switch self {
        case .sqlite(let path): return try SQLiteSpecStore(path: path)
        case .postgres(let location):
            do {
                return try await PostgresSpecStore.open(location, logger: logger)
            } catch {
                throw SpecwrightError.unreadable(path: location.description, reason: "cannot use the database: \(PostgresSpecStore.explain(error))")
            }
        }
    }

    /// Opens a store that must already exist: a SQLite path nobody created is a mistake in the path.
    func openExisting(logger: Logger) async throws -> any SpecStore {
        if case .sqlite(let path) = self, !FileManager.default.fileExists(atPath: path) {
            throw SpecwrightError.notFound("no database at \(path) (start `specwright serve` once, or pass --db)")
        }
        return try await open(logger: logger)
    }

    /// The location without any password.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }
}

extension DatabaseOption {
    /// The database `--db` (or the defaults) names.
    func location() throws -> StoreLocation { try StoreLocation(try path()) }

    /// The store, created if it is a new SQLite file.
    func store() async throws -> any SpecStore { try await location().open(logger: Logger(label: "specwright")) }

    /// The store, which must exist.
    func existingStore() async throws -> any SpecStore { try await location().openExisting(logger: Logger(label: "specwright")) }
}
