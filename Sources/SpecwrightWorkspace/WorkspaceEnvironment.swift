import Foundation
import SpecwrightCore
import SpecwrightEmbeddedChecks

/// An opened workspace: where it is, its `specwright.yml`, and the ``SpecEnvironment`` every
/// operation in it uses (templates from the workspace, every rule, core and embedded checks, with
/// the configured severities and gates).
///
/// ```swift
/// let opened = try WorkspaceEnvironment.open()
/// let session = try SpecSession(SpecFile(path: "specs/a.md"), environment: opened.environment)
/// ```
public struct WorkspaceEnvironment: Sendable {
    public let workspace: Workspace
    public let config: WorkspaceConfig
    public let environment: SpecEnvironment

    public var checker: Checker { environment.checker }

    /// Finds the workspace from `directory` (default: the current folder) and reads its config.
    ///
    /// - Parameters:
    ///   - template: check every spec against this template (a name or a path to a Markdown file).
    ///   - retainedSeverity: findings below it are counted, not kept.
    ///   - maxFileSize: the largest spec read, in megabytes.
    public static func open(
        from directory: URL? = nil, template: String? = nil, retainedSeverity: Severity = .info, maxFileSize: Int = 32
    ) throws -> WorkspaceEnvironment {
        var workspace = directory.map { Workspace.find(from: $0) } ?? Workspace.find()
        let config = try workspace.configFile.map(ConfigFile.load) ?? WorkspaceConfig()
        workspace = workspace.applying(config)
        var catalog = try workspace.templateCatalog()
        var explicit: String?
        if let template {
            let resolved = try TemplateResolver.resolve(template, catalog: catalog)
            catalog.add(resolved)
            explicit = resolved.name
        }
        let policy = GatePolicy(config: config.gates ?? GateConfig(), requiredRoles: config.signoff?.roles)
        let rules = RuleSet.withEmbeddedChecks.with(gates: policy)
        let severities = try config.severities(knownRules: rules.rules.map(\.id))
        let checker = Checker(
            catalog: catalog, rules: rules, severities: severities, explicitTemplate: explicit,
            limits: .init(maxBytes: maxFileSize << 20), retainedSeverity: retainedSeverity)
        let gates = GateEvaluator(checker: checker, policy: policy)
        return WorkspaceEnvironment(workspace: workspace, config: config, environment: SpecEnvironment(checker: checker, gates: gates))
    }

    /// The same environment with `directory` as the workspace root (its config still the one found).
    public func rooted(at directory: URL) -> WorkspaceEnvironment {
        guard workspace.root.path != directory.path else { return self }
        return WorkspaceEnvironment(workspace: Workspace(root: directory), config: config, environment: environment)
    }

    /// The default paths for commands over many specs: the workspace's specs folder, else ".".
    public var defaultPaths: [String] {
        FileManager.default.fileExists(atPath: workspace.specsDirectory.path) ? [DisplayPath.relative(workspace.specsDirectory)] : ["."]
    }

    /// The server's database: `explicit`, else `SPECWRIGHT_DB`, else `server.db` in the config,
    /// else `.specwright/specwright.db` in the workspace.
    public func databasePath(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        explicit ?? environment["SPECWRIGHT_DB"] ?? config.server?.db ?? workspace.root.appendingPathComponent(".specwright/specwright.db").path
    }

    /// Sets up a workspace in `root`: a commented config, `specs/` and `templates/`; never
    /// overwrites an existing config. Returns the config file's URL.
    @discardableResult
    public static func initialize(at root: URL) throws -> URL {
        let config = root.appendingPathComponent(Workspace.configFileName)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("specs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try AtomicFileWriter.create(config, bytes: Array(WorkspaceConfigTemplate.text.utf8))
        return config
    }
}
