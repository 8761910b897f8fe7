import ArgumentParser
import Foundation
import SpecwrightCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a spec's outline: metadata, sections with completeness, open checklist items.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The spec file.")
    var path: String

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let checker = try CommandContext.load().checker
        let url = URL(fileURLWithPath: path)
        switch SpecFileLoader.load(url, displayPath: path) {
        case .refused(let diagnostic):
            throw SpecwrightError.unreadable(path: path, reason: diagnostic.message)
        case .loaded(let bytes):
            let spec = Spec(bytes: bytes, path: path)
            let overview = SpecOverview(spec: spec, checker: checker)
            print(format == .json ? overview.json : overview.text, terminator: "")
        }
    }
}
