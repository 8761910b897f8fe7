import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct ChangelogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "Show the change log, or record a change with --add.")

    @OptionGroup var spec: SpecFileArgument

    @Option(help: "The change to record.")
    var add: String?

    @Option(help: "Why (the change log's Reason column, or appended to the change).")
    var reason: String?

    @OptionGroup var author: AuthorOption

    func validate() throws {
        if add == nil && reason != nil { throw ValidationError("--reason goes with --add") }
    }

    func run() async throws {
        guard let add else {
            let session = try SpecSession(SpecFile(path: spec.path), environment: try WorkspaceEnvironment.open().environment)
            for row in try session.changeLog() { print(row.joined(separator: "  |  ")) }
            return
        }
        let summary = try await SpecFileCommand.perform(.addChangeLogEntry(add, reason: reason), on: spec.path, by: author.resolved)
        print("\(spec.path): \(summary)")
    }
}
