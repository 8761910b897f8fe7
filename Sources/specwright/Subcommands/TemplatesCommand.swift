import ArgumentParser
import Foundation
import SpecwrightCore

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the available templates, or show what one requires.",
        discussion: "Built-in templates plus every *.md in the workspace's templates/ folder.")

    @Argument(help: "Show the schema derived from this template.")
    var name: String?

    func run() throws {
        let catalog = try CommandContext.load().catalog
        guard let name else {
            let width = catalog.names.map(\.count).max() ?? 0
            for template in catalog.templates {
                print(template.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + template.summary)
            }
            return
        }
        guard let template = catalog.template(named: name) else {
            throw SpecwrightError.unknownTemplate(name: name, known: catalog.names)
        }
        print(TemplateDescription(template).text, terminator: "")
    }
}
