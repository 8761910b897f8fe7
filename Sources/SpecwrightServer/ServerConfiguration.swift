import Foundation
import SpecwrightCore
import SpecwrightStore

/// How the server runs: address, database, limits.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// The database (a SQLite file).
    public var databasePath: String = ".specwright/specwright.db"
    /// Largest request body accepted (bytes); larger ones get 413.
    public var bodyLimit: Int = 1 << 20
    /// Token bucket per API token (per address when anonymous): burst size and refill per second.
    public var rateLimitBurst: Int = 1000
    public var rateLimitPerSecond: Double = 500
    /// Which user role each sign-off role needs (default approver).
    public var signOffRoles: [String: UserRole] = [:]
    /// bcrypt's cost for new password hashes (2^cost rounds; 12 takes about 0.2 s).
    public var passwordCost: UInt8 = 12
    /// A browser session ends after this long without a request, and after `sessionLifetime` whatever happens.
    public var sessionIdleTimeout: TimeInterval = 12 * 3600
    public var sessionLifetime: TimeInterval = 7 * 24 * 3600
    /// Whether a proxy in front sets `X-Forwarded-Proto` (and is the only way in): session cookies
    /// are then `Secure` when it says `https`. Set with `SPECWRIGHT_TRUST_PROXY=1`.
    public var trustProxy: Bool = false
    /// Sign-in attempts per user name: burst and refill per second (per client address: five times
    /// the burst and ten times the rate).
    public var signInBurst: Int = 10
    public var signInPerSecond: Double = 0.1
    /// Besides a concern's author, the least role that may resolve or reopen it (admin by default;
    /// `server.concern-resolvers: reviewer` in the config lets any reviewer).
    public var concernResolverRole: UserRole = .admin
    /// Webhook retries and timeouts (`SPECWRIGHT_WEBHOOK_RETRY_SECONDS` sets the first wait).
    public var webhooks = WebhookPolicy()
    /// Bytes of current revisions (text and detail view, ready to send) kept in memory: reads of
    /// specs beyond it go to the database. `server.spec-cache-mb` or `SPECWRIGHT_SPEC_CACHE_MB`.
    public var specCacheBytes: Int = 64 << 20

    public init() {}

    /// Values given on the command line; nil ones come from the environment, then the config.
    public struct Overrides: Sendable {
        public var host: String?
        public var port: Int?
        public var databasePath: String
        public var bodyLimit: Int?

        public init(host: String?, port: Int?, databasePath: String, bodyLimit: Int?) {
            self.host = host
            self.port = port
            self.databasePath = databasePath
            self.bodyLimit = bodyLimit
        }
    }

    /// The configuration from `overrides`, then `SPECWRIGHT_HOST`, `SPECWRIGHT_PORT`,
    /// `SPECWRIGHT_BODY_LIMIT`, `SPECWRIGHT_RATE_LIMIT_BURST`, `SPECWRIGHT_RATE_LIMIT_PER_SECOND` and `SPECWRIGHT_TRUST_PROXY`,
    /// then the config's `server:` section; bad values are refused naming the setting.
    public static func resolve(_ overrides: Overrides, environment: [String: String], settings: WorkspaceConfig.ServerSettings?) throws -> ServerConfiguration {
        func integer(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text) else { throw SpecwrightError.invalid("\(name) must be a whole number, not '\(text)'") }
            return value
        }
        var configuration = ServerConfiguration()
        configuration.host = overrides.host ?? environment["SPECWRIGHT_HOST"] ?? settings?.host ?? configuration.host
        configuration.port = try overrides.port ?? integer("SPECWRIGHT_PORT") ?? settings?.port ?? configuration.port
        configuration.databasePath = overrides.databasePath
        configuration.bodyLimit = try overrides.bodyLimit ?? integer("SPECWRIGHT_BODY_LIMIT") ?? settings?.bodyLimit ?? configuration.bodyLimit
        configuration.rateLimitBurst = try integer("SPECWRIGHT_RATE_LIMIT_BURST") ?? settings?.rateLimitBurst ?? configuration.rateLimitBurst
        if let text = environment["SPECWRIGHT_RATE_LIMIT_PER_SECOND"] {
            guard let rate = Double(text) else { throw SpecwrightError.invalid("SPECWRIGHT_RATE_LIMIT_PER_SECOND must be a number, not '\(text)'") }
            configuration.rateLimitPerSecond = rate
        } else {
            configuration.rateLimitPerSecond = settings?.rateLimitPerSecond ?? configuration.rateLimitPerSecond
        }
        if let text = environment["SPECWRIGHT_TRUST_PROXY"] {
            guard let value = ["1": true, "true": true, "yes": true, "0": false, "false": false, "no": false][text.lowercased()] else {
                throw SpecwrightError.invalid("SPECWRIGHT_TRUST_PROXY must be 1 or 0, not '\(text)'")
            }
            configuration.trustProxy = value
        }
        for (signOffRole, userRole) in settings?.signoffRoles ?? [:] {
            guard let role = UserRole(rawValue: userRole) else {
                throw SpecwrightError.invalid("server.signoff-roles: '\(userRole)' is not a role (\(UserRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            configuration.signOffRoles[signOffRole] = role
        }
        if let resolvers = settings?.concernResolvers {
            guard let role = UserRole(rawValue: resolvers), role >= .reviewer else {
                throw SpecwrightError.invalid("server.concern-resolvers: '\(resolvers)' must be reviewer, approver or admin")
            }
            configuration.concernResolverRole = role
        }
        if let megabytes = try integer("SPECWRIGHT_SPEC_CACHE_MB") ?? settings?.specCacheMB {
            guard (1...65536).contains(megabytes) else {
                throw SpecwrightError.invalid("the spec cache (SPECWRIGHT_SPEC_CACHE_MB or server.spec-cache-mb) must be from 1 to 65536 MiB, not \(megabytes)")
            }
            configuration.specCacheBytes = megabytes << 20
        }
        if let text = environment["SPECWRIGHT_WEBHOOK_RETRY_SECONDS"] {
            guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
                throw SpecwrightError.invalid("SPECWRIGHT_WEBHOOK_RETRY_SECONDS must be a number of seconds above 0, at most 3600, not '\(text)'")
            }
            configuration.webhooks.retryBase = seconds
        }
        guard (1...65535).contains(configuration.port) else { throw SpecwrightError.invalid("the port must be from 1 to 65535") }
        guard configuration.rateLimitPerSecond > 0, configuration.rateLimitBurst > 0 else { throw SpecwrightError.invalid("the rate limit's burst and rate must be positive") }
        guard configuration.bodyLimit > 0 else { throw SpecwrightError.invalid("the body limit must be positive") }
        return configuration
    }
}
