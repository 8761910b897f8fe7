import Foundation

/// A PostgreSQL database named by a URL: `postgresql://user:password@host:port/database?sslmode=…&pool=…`
/// (also `postgres://`). The password is never part of ``description``.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Most connections the server opens (`pool=`, default 20).
    public var poolSize: Int
    /// A Unix socket folder (`host=/path` in the query, as libpq takes it), instead of host and port.
    public var socketDirectory: String?

    /// Whether `text` is meant as a PostgreSQL URL (so a mistake in it is an error, not a file name).
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgresql:") || lowered.hasPrefix("postgres:")
    }

    /// Parses a URL; a clear error names what is wrong.
    public init(url text: String) throws {
        guard Self.isURL(text), let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgresql" || scheme == "postgres" else {
            throw PostgresLocationError("'\(Self.redacted(text))' is not a PostgreSQL URL (postgresql://user:password@host:port/database)")
        }
        let items = Dictionary((components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        socketDirectory = items["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard let host = components.host, !host.isEmpty || socketDirectory != nil else {
            throw PostgresLocationError("'\(Self.redacted(text))' names no host (postgresql://user@127.0.0.1:5432/database)")
        }
        self.host = host
        port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw PostgresLocationError("the port must be from 1 to 65535") }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw PostgresLocationError("'\(Self.redacted(text))' names no user (postgresql://user@host/database)")
        }
        self.user = user
        password = components.password?.removingPercentEncoding
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else { throw PostgresLocationError("'\(Self.redacted(text))' names no database (…/database at its end)") }
        database = path.removingPercentEncoding ?? path
        switch items["sslmode"]?.lowercased() ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw PostgresLocationError("sslmode '\(other)' is not one of disable, prefer, require")
        }
        if let pool = items["pool"] {
            guard let size = Int(pool), (1...1000).contains(size) else { throw PostgresLocationError("pool must be a number from 1 to 1000, not '\(pool)'") }
            poolSize = size
        } else {
            poolSize = 20
        }
        for name in items.keys where !["sslmode", "pool", "host"].contains(name) {
            throw PostgresLocationError("unknown setting '\(name)' in the database URL (known: sslmode, pool, host)")
        }
    }

    /// The URL without its password.
    public var description: String {
        let place = socketDirectory.map { "?host=\($0)" } ?? ""
        return "postgresql://\(user)@\(host):\(port)/\(database)\(place)"
    }

    /// `text` with any password between `:` and `@` replaced by `***`.
    public static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://"), schemeEnd.upperBound < at else { return text }
        let credentials = text[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

/// A database URL that cannot be used.
public struct PostgresLocationError: Error, CustomStringConvertible, Equatable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
