import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a spec's outline: metadata, sections with completeness, open checklist items.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var spec: SpecFileArgument

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let overview = try SpecSession(SpecFile(path: spec.path), environment: try WorkspaceEnvironment.open().environment).overview()
        print(format == .json ? overview.json : overview.text, terminator: "")
    }
}
