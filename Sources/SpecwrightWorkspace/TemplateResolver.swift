import Foundation
import SpecwrightCore

/// A template given by name, or by path to a Markdown file.
public enum TemplateResolver {
    public static func resolve(_ nameOrPath: String, catalog: TemplateCatalog) throws -> Template {
        if let template = catalog.template(named: nameOrPath) { return template }
        if nameOrPath.hasSuffix(".md") || nameOrPath.contains("/") {
            let url = URL(fileURLWithPath: nameOrPath)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw SpecwrightError.unreadable(path: nameOrPath, reason: "no such template file")
            }
            return try Template.load(contentsOf: url)
        }
        throw SpecwrightError.unknownTemplate(name: nameOrPath, known: catalog.names)
    }
}

/// Paths as the user reads them.
public enum DisplayPath {
    /// `url` relative to the current directory when it is below it.
    public static func relative(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return url.path.hasPrefix(prefix) ? String(url.path.dropFirst(prefix.count)) : url.path
    }
}
