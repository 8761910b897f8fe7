import Foundation

/// Where a project's specs live: the nearest folder upward holding `specwright.yml` (or, failing
/// that, the current folder), with its `specs/` and `templates/` folders.
public struct Workspace: Sendable {
    public var root: URL
    /// The config file, if there is one.
    public var configFile: URL?
    public var specsDirectory: URL
    public var templatesDirectory: URL

    public static let configFileName = "specwright.yml"

    public init(root: URL, configFile: URL? = nil) {
        self.root = root
        self.configFile = configFile
        self.specsDirectory = root.appendingPathComponent("specs")
        self.templatesDirectory = root.appendingPathComponent("templates")
    }

    /// Finds the workspace for `directory` (default: the current directory).
    public static func find(from directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> Workspace {
        var candidate = directory.standardizedFileURL
        while true {
            let config = candidate.appendingPathComponent(configFileName)
            if FileManager.default.fileExists(atPath: config.path) { return Workspace(root: candidate, configFile: config) }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { break }
            candidate = parent
        }
        return Workspace(root: directory.standardizedFileURL)
    }

    /// The workspace with the folders its config names.
    public func applying(_ config: WorkspaceConfig) -> Workspace {
        var workspace = self
        if let specs = config.specs { workspace.specsDirectory = URL(fileURLWithPath: specs, relativeTo: URL(fileURLWithPath: root.path, isDirectory: true)).standardizedFileURL }
        if let templates = config.templates { workspace.templatesDirectory = URL(fileURLWithPath: templates, relativeTo: URL(fileURLWithPath: root.path, isDirectory: true)).standardizedFileURL }
        return workspace
    }

    /// Built-in templates plus this workspace's `templates/` folder.
    public func templateCatalog() throws -> TemplateCatalog {
        try TemplateCatalog.load(templatesDirectory: templatesDirectory)
    }
}
