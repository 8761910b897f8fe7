import ArgumentParser
import Foundation
import SpecwrightCore

struct TickCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "Tick (or untick) a checklist item.",
        discussion: "The item is matched by its text: exactly (ignoring case), else the only item containing it.")

    @Argument(help: "The spec file.")
    var path: String

    @Argument(help: "The item's text, e.g. \"Security review completed\".")
    var item: String

    @Flag(help: "Untick instead.")
    var uncheck = false

    @Option(help: "Who the change is recorded as (default: git's user.name, else $USER).")
    var author: String?

    func run() throws {
        let context = try CommandContext.load()
        let edit = try SpecFileEditing.edit(path, context: context, author: author) { try $0.tick(item, checked: !uncheck) }
        print("\(path): \(edit.summary)")
    }
}
