import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import SpecwrightCore
import SpecwrightServer
import SpecwrightSQLite
import SpecwrightWorkspace

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web app and REST API server (SQLite by default).",
        discussion: """
            Settings come from flags, then SPECWRIGHT_HOST, SPECWRIGHT_PORT, SPECWRIGHT_DB, SPECWRIGHT_BODY_LIMIT, \
            SPECWRIGHT_RATE_LIMIT_BURST, SPECWRIGHT_RATE_LIMIT_PER_SECOND and SPECWRIGHT_TRUST_PROXY, then the server: section of specwright.yml. \
            On first start it creates an admin user and prints its one-time password and API token once. Stops gracefully on SIGTERM or SIGINT.
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port (default 8080).")
    var port: Int?

    @OptionGroup var database: DatabaseOption

    @Option(help: "Import the Markdown files of this folder at start (unchanged files make no new revision). Default: the workspace's specs folder, else examples/specs.")
    var workspace: String?

    @Option(help: "Largest request body in bytes (default 1048576).")
    var bodyLimit: Int?

    @Option(help: "Write an access log in the Common Log Format to this file, or '-' for standard error (also SPECWRIGHT_ACCESS_LOG).")
    var accessLog: String?

    func run() async throws {
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        let logger = Logger(label: "specwright")
        let opened = try WorkspaceEnvironment.open()
        let configuration = try ServerConfiguration.resolve(
            .init(host: host, port: port, databasePath: opened.databasePath(database.db), bodyLimit: bodyLimit),
            environment: ProcessInfo.processInfo.environment, settings: opened.config.server)
        let location = try StoreLocation(configuration.databasePath)
        let store = try await location.open(logger: logger)
        if let first = try await UserAdministration(store: store, cost: configuration.passwordCost).firstStart() {
            // Written straight to the file descriptor: a buffered print would sit unseen while the server runs.
            let address = "http://\(configuration.host):\(configuration.port)"
            var message = first.token == nil ? "No user has a password yet: gave 'admin' a one-time password.\n" : "First start: created user 'admin'.\n"
            message += "Sign in at \(address) as admin with this one-time password (you choose your own at first sign-in):\n  \(first.password)\n"
            if let token = first.token { message += "API token for admin (shown once, only its hash is stored):\n  \(token)\n" }
            FileHandle.standardOutput.write(Data(message.utf8))
        }
        if let folder = importFolder(opened) {
            let result = try await SpecImporter(store: store, environment: opened.environment).importFolder(folder)
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
        var dependencies = ServerDependencies(store: store, environment: opened.environment, configuration: configuration, metrics: { registry.emitToString() })
        if let path = accessLog ?? ProcessInfo.processInfo.environment["SPECWRIGHT_ACCESS_LOG"] {
            do {
                dependencies.accessLog = try AccessLog(path: path)
            } catch {
                throw SpecwrightError.writeFailed(path: path, reason: "the access log (--access-log) cannot be opened for writing")
            }
        }
        logger.info("serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)", "db": "\(location)"])
        try await buildApplication(dependencies, logger: logger).runService()
    }

    /// `--workspace`, else the workspace's specs folder, else the bundled examples.
    private func importFolder(_ opened: WorkspaceEnvironment) -> URL? {
        if let workspace { return URL(fileURLWithPath: workspace) }
        if FileManager.default.fileExists(atPath: opened.workspace.specsDirectory.path) { return opened.workspace.specsDirectory }
        let examples = opened.workspace.root.appendingPathComponent("examples/specs")
        return FileManager.default.fileExists(atPath: examples.path) ? examples : nil
    }
}
