import Foundation
import SpecwrightBlocks
import SpecwrightCore
import Yams

/// What every command works with: the workspace and its config, the templates, and a checker
/// with the configured rule severities and every rule (core and embedded blocks).
struct CommandContext {
    let workspace: Workspace
    let config: WorkspaceConfig
    let catalog: TemplateCatalog
    let checker: Checker

    static func load(template: String? = nil, retainedSeverity: Severity = .info, maxFileSize: Int = 32, directory: URL? = nil) throws -> CommandContext {
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
        let rules = RuleSet.withEmbeddedBlocks
        let severities = try config.severities(knownRules: rules.rules.map(\.id))
        let checker = Checker(
            catalog: catalog, rules: rules, severities: severities, explicitTemplate: explicit,
            limits: .init(maxBytes: maxFileSize << 20), retainedSeverity: retainedSeverity)
        return CommandContext(workspace: workspace, config: config, catalog: catalog, checker: checker)
    }

    var gates: GateEvaluator {
        GateEvaluator(checker: checker, config: config.gates ?? GateConfig(), requiredRoles: config.signoff?.roles)
    }

    /// The default paths for commands over many specs: the workspace's specs folder, else ".".
    var defaultPaths: [String] {
        FileManager.default.fileExists(atPath: workspace.specsDirectory.path) ? [DisplayPath.relative(workspace.specsDirectory)] : ["."]
    }
}

/// Reads `specwright.yml`.
enum ConfigFile {
    static func load(_ url: URL) throws -> WorkspaceConfig {
        let path = DisplayPath.relative(url)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SpecwrightError.unreadable(path: path, reason: "cannot read the config: \(error.localizedDescription)")
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).allSatisfy({ $0 == "#" }) { return WorkspaceConfig() }
        do {
            // A file of comments only decodes as nothing.
            guard try Yams.load(yaml: text) != nil else { return WorkspaceConfig() }
            return try YAMLDecoder().decode(WorkspaceConfig.self, from: text)
        } catch let error as YamlError {
            throw SpecwrightError.invalidArgument("\(path): not valid YAML: \(error)")
        } catch let error as DecodingError {
            throw SpecwrightError.invalidArgument("\(path): \(describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Loads one spec for an editing command, edits it, and writes it back atomically.
enum SpecFileEditing {
    static func edit(_ path: String, context: CommandContext, author: String?, _ operation: (SpecEditor) throws -> SpecEdit) throws -> SpecEdit {
        let url = URL(fileURLWithPath: path)
        guard case .loaded(let bytes) = SpecFileLoader.load(url, displayPath: path) else {
            if case .refused(let diagnostic) = SpecFileLoader.load(url, displayPath: path) {
                throw SpecwrightError.unreadable(path: path, reason: diagnostic.message)
            }
            throw SpecwrightError.unreadable(path: path, reason: "cannot read file")
        }
        let spec = Spec(bytes: bytes, path: path)
        let (template, _) = context.checker.templateChoice(for: spec)
        let editor = SpecEditor(spec: spec, template: template, recorder: ChangeRecorder(author: AuthorName.resolve(explicit: author), date: Today.iso()))
        let edit = try operation(editor)
        if edit.changed {
            try AtomicFileWriter.replace(url, bytes: edit.bytes, expected: bytes)
        }
        return edit
    }

    static func loadSpec(_ path: String) throws -> Spec {
        switch SpecFileLoader.load(URL(fileURLWithPath: path), displayPath: path) {
        case .loaded(let bytes): return Spec(bytes: bytes, path: path)
        case .refused(let diagnostic): throw SpecwrightError.unreadable(path: path, reason: diagnostic.message)
        }
    }
}
