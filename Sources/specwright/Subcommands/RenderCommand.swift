import ArgumentParser
import Foundation
import SpecwrightCore

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a Markdown file as HTML (GitHub's dialect; raw HTML in the file is escaped).")

    @OptionGroup var spec: SpecFileArgument

    @Flag(help: "Keep raw HTML from the file instead of escaping it (only for trusted files).")
    var allowRawHTML = false

    func run() throws {
        let document = MarkdownDocument(bytes: try SpecFile(path: spec.path).read())
        let html = HTMLRenderer(options: .init(allowRawHTML: allowRawHTML, tagFilter: true)).render(document)
        FileHandle.standardOutput.write(Data(html.utf8))
    }
}
