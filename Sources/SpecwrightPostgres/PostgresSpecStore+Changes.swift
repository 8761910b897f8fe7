import Foundation
import Logging
import NIOSSL
import PostgresNIO
import SpecwrightCore
import SpecwrightStore

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
