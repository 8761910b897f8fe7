import ArgumentParser
import Foundation
import SpecwrightCore

struct ChangelogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "Show the change log, or record a change with --add.")

    @Argument(help: "The spec file.")
    var path: String

    @Option(help: "The change to record.")
    var add: String?

    @Option(help: "Why (the change log's Reason column, or appended to the change).")
    var reason: String?

    @Option(help: "Who the change is recorded as (default: git's user.name, else $USER).")
    var author: String?

    func validate() throws {
        if add == nil && reason != nil { throw ValidationError("--reason goes with --add") }
    }

    func run() throws {
        let context = try CommandContext.load()
        guard let add else {
            let spec = try SpecFileEditing.loadSpec(path)
            let (template, _) = context.checker.templateChoice(for: spec)
            guard let log = ChangeLogTable(spec, schema: template?.schema) else {
                throw SpecwrightError.invalidArgument("\(path): has no change log table")
            }
            for row in log.table.rows {
                print(row.cells.map { spec.document.string($0) }.joined(separator: "  |  "))
            }
            return
        }
        let edit = try SpecFileEditing.edit(path, context: context, author: author) { try $0.addChangeLogEntry(add, reason: reason) }
        print("\(path): \(edit.summary)")
    }
}
