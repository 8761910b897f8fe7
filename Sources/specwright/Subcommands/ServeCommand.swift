import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import SpecwrightCore
import SpecwrightServer
import SpecwrightStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the REST API server (SQLite by default).",
        discussion: """
            Settings come from flags, then SPECWRIGHT_HOST, SPECWRIGHT_PORT, SPECWRIGHT_DB, SPECWRIGHT_BODY_LIMIT, \
            SPECWRIGHT_RATE_LIMIT_BURST and SPECWRIGHT_RATE_LIMIT_PER_SECOND, then the server: section of specwright.yml. \
            On first start it creates an admin user and prints its token once. Stops gracefully on SIGTERM or SIGINT.
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port (default 8080).")
    var port: Int?

    @Option(help: "SQLite database file (default .specwright/specwright.db in the workspace).")
    var db: String?

    @Option(help: "Import the Markdown files of this folder at start (unchanged files make no new revision). Default: the workspace's specs folder, else examples/specs.")
    var workspace: String?

    @Option(help: "Largest request body in bytes (default 1048576).")
    var bodyLimit: Int?

    func run() async throws {
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        let logger = Logger(label: "specwright")
        let context = try CommandContext.load()
        let environment = ProcessInfo.processInfo.environment
        let settings = context.config.server
        var configuration = ServerConfiguration()
        configuration.host = host ?? environment["SPECWRIGHT_HOST"] ?? settings?.host ?? configuration.host
        configuration.port = try port ?? environment["SPECWRIGHT_PORT"].map { try Self.integer($0, "SPECWRIGHT_PORT") } ?? settings?.port ?? configuration.port
        configuration.databasePath = db ?? environment["SPECWRIGHT_DB"] ?? settings?.db ?? context.workspace.root.appendingPathComponent(".specwright/specwright.db").path
        configuration.bodyLimit = try bodyLimit ?? environment["SPECWRIGHT_BODY_LIMIT"].map { try Self.integer($0, "SPECWRIGHT_BODY_LIMIT") } ?? settings?.bodyLimit ?? configuration.bodyLimit
        configuration.rateLimitBurst = try environment["SPECWRIGHT_RATE_LIMIT_BURST"].map { try Self.integer($0, "SPECWRIGHT_RATE_LIMIT_BURST") } ?? settings?.rateLimitBurst ?? configuration.rateLimitBurst
        configuration.rateLimitPerSecond = environment["SPECWRIGHT_RATE_LIMIT_PER_SECOND"].flatMap(Double.init) ?? settings?.rateLimitPerSecond ?? configuration.rateLimitPerSecond
        for (signOffRole, userRole) in settings?.signoffRoles ?? [:] {
            guard let role = Role(rawValue: userRole) else { throw SpecwrightError.invalidArgument("server.signoff-roles: '\(userRole)' is not a role (reader, author, reviewer, approver, admin)") }
            configuration.signOffRoles[signOffRole] = role
        }
        guard (1...65535).contains(configuration.port) else { throw SpecwrightError.invalidArgument("the port must be from 1 to 65535") }
        guard configuration.rateLimitPerSecond > 0, configuration.rateLimitBurst > 0 else { throw SpecwrightError.invalidArgument("the rate limit's burst and rate must be positive") }
        guard configuration.bodyLimit > 0 else { throw SpecwrightError.invalidArgument("the body limit must be positive") }

        let store = try SQLiteSpecStore(path: configuration.databasePath)
        if try await store.tokenCount() == 0 {
            let token = try await AdminTokens.create(store: store, user: "admin", role: .admin)
            // Written straight to the file descriptor: a buffered print would sit unseen while the server runs.
            FileHandle.standardOutput.write(Data("First start: created user 'admin'. Its token (shown once, only its hash is stored):\n\(token)\n".utf8))
        }
        if let folder = importFolder(context) {
            let result = try await SpecImporter(store: store, checker: context.checker).importFolder(folder)
            for (path, reason) in result.skipped {
                logger.warning("not imported", metadata: ["file": "\(path)", "reason": "\(reason)"])
            }
            logger.info("imported specs", metadata: [
                "folder": "\(folder.path)", "created": "\(result.created)", "revised": "\(result.revised)", "unchanged": "\(result.unchanged)",
                "skipped": "\(result.skipped.count)",
            ])
        }

        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let dependencies = ServerDependencies(
            store: store, checker: context.checker, gates: context.gates, configuration: configuration, metrics: { registry.emitToString() })
        logger.info("serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)", "db": "\(configuration.databasePath)"])
        try await buildApplication(dependencies, logger: logger).runService()
    }

    private func importFolder(_ context: CommandContext) -> URL? {
        if let workspace { return URL(fileURLWithPath: workspace) }
        if FileManager.default.fileExists(atPath: context.workspace.specsDirectory.path) { return context.workspace.specsDirectory }
        let examples = context.workspace.root.appendingPathComponent("examples/specs")
        return FileManager.default.fileExists(atPath: examples.path) ? examples : nil
    }

    static func integer(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text) else { throw SpecwrightError.invalidArgument("\(name) must be a whole number, not '\(text)'") }
        return value
    }
}

/// Creating users and their tokens.
enum AdminTokens {
    static func create(store: any SpecStore, user name: String, role: Role) async throws -> String {
        let user: UserRecord
        if let existing = try await store.user(named: name) {
            user = existing
        } else {
            user = try await store.createUser(name: name, role: role.rawValue)
        }
        let token = TokenHashing.newToken()
        _ = try await store.addToken(userID: user.id!, tokenHash: TokenHashing.hash(token), prefix: String(token.prefix(10)))
        return token
    }
}
