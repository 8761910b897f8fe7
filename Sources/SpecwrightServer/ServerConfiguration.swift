import Foundation

/// How the server runs: address, database, limits.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// SQLite database file.
    public var databasePath: String = ".specwright/specwright.db"
    /// Largest request body accepted (bytes); larger ones get 413.
    public var bodyLimit: Int = 1 << 20
    /// Token bucket per API token (per address when anonymous): burst size and refill per second.
    public var rateLimitBurst: Int = 1000
    public var rateLimitPerSecond: Double = 500
    /// Which user role each sign-off role needs (default approver).
    public var signOffRoles: [String: Role] = [:]

    public init() {}
}
