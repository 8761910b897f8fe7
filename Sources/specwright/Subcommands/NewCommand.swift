import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new spec from a template.",
        discussion: "Fills the title, template marker, today's dates, author, first status and version 0.1. Never overwrites a file.")

    @Argument(help: "The spec's title, e.g. \"Payment Retries\".")
    var title: String

    @Option(name: .shortAndLong, help: "Template name (see `specwright templates`) or path to a Markdown template.")
    var template: String = SpecEnvironment.defaultTemplateName

    @OptionGroup var author: AuthorOption

    @Option(name: .shortAndLong, help: "Where to write (default: specs/<slug>.md in the workspace).")
    var output: String?

    @Flag(help: "Print the spec instead of writing a file.")
    var stdout = false

    func validate() throws {
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the title must not be empty") }
        if SpecGenerator.slug(title).isEmpty { throw ValidationError("the title needs at least one letter or digit to name the file") }
    }

    func run() throws {
        // A template given by path joins the catalog under its file name.
        let opened = try WorkspaceEnvironment.open(template: template)
        let spec = try opened.environment.newSpec(title: title, template: opened.checker.explicitTemplate, author: author.resolved)
        if stdout {
            FileHandle.standardOutput.write(Data(spec.bytes))
            return
        }
        let url = output.map { URL(fileURLWithPath: $0) } ?? opened.workspace.specsDirectory.appendingPathComponent(spec.slug + ".md")
        try AtomicFileWriter.create(url, bytes: spec.bytes)
        print("created \(DisplayPath.relative(url)) from template '\(spec.template)'")
    }
}
