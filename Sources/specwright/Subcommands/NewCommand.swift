import ArgumentParser
import Foundation
import SpecwrightCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new spec from a template.",
        discussion: "Fills the title, template marker, today's dates, author, first status and version 0.1. Never overwrites a file.")

    @Argument(help: "The spec's title, e.g. \"Payment Retries\".")
    var title: String

    @Option(name: .shortAndLong, help: "Template name (see `specwright templates`) or path to a Markdown template.")
    var template: String = "feature-spec"

    @Option(help: "Author (default: git's user.name, else $USER).")
    var author: String?

    @Option(name: .shortAndLong, help: "Where to write (default: specs/<slug>.md in the workspace).")
    var output: String?

    @Flag(help: "Print the spec instead of writing a file.")
    var stdout = false

    func validate() throws {
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the title must not be empty") }
        if SpecGenerator.slug(title).isEmpty { throw ValidationError("the title needs at least one letter or digit to name the file") }
    }

    func run() throws {
        let context = try CommandContext.load()
        let workspace = context.workspace
        let template = try TemplateResolver.resolve(template, catalog: context.catalog)
        let bytes = SpecGenerator(template: template).generate(title: title, author: AuthorName.resolve(explicit: author), date: Today.iso())
        if stdout {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let url = output.map { URL(fileURLWithPath: $0) } ?? workspace.specsDirectory.appendingPathComponent(SpecGenerator.slug(title) + ".md")
        try AtomicFileWriter.create(url, bytes: bytes)
        print("created \(DisplayPath.relative(url)) from template '\(template.name)'")
    }
}

/// A template given by name, or by path to a Markdown file.
enum TemplateResolver {
    static func resolve(_ nameOrPath: String, catalog: TemplateCatalog) throws -> Template {
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

enum DisplayPath {
    /// `url` relative to the current directory when it is below it.
    static func relative(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return url.path.hasPrefix(prefix) ? String(url.path.dropFirst(prefix.count)) : url.path
    }
}
