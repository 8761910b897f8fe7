import ArgumentParser
import Foundation
import SpecwrightCore

struct TickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "Tick (or untick) a checklist item.",
        discussion: "The item is matched by its text: exactly (ignoring case), else the only item containing it.")

    @OptionGroup var spec: SpecFileArgument

    @Argument(help: "The item's text, e.g. \"Security review completed\".")
    var item: String

    @Flag(help: "Untick instead.")
    var uncheck = false

    @OptionGroup var author: AuthorOption

    func run() async throws {
        let summary = try await SpecFileCommand.perform(.tick(item: item, checked: !uncheck), on: spec.path, by: author.resolved)
        print("\(spec.path): \(summary)")
    }
}
