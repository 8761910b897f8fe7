import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the available templates, or show what one requires.",
        discussion: "Built-in templates plus every *.md in the workspace's templates/ folder.")

    @Argument(help: "Show the schema derived from this template.")
    var name: String?

    func run() throws {
        let environment = try WorkspaceEnvironment.open().environment
        let catalog = environment.catalog
        guard let name else {
            let width = catalog.names.map(\.count).max() ?? 0
            for template in catalog.templates {
                print(template.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + template.summary)
            }
            return
        }
        print(TemplateDescription(try environment.template(named: name)).text, terminator: "")
    }
}
