import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

/// `--author`, for every command that records a change.
struct AuthorOption: ParsableArguments {
    @Option(help: "Who the change is recorded as (default: git's user.name, else $USER).")
    var author: String?

    /// The author to record: `--author`, else git's user.name, else $USER.
    var resolved: String { AuthorName.resolve(explicit: author) }
}

/// `--db`, for the commands that open the server's database.
struct DatabaseOption: ParsableArguments {
    @Option(help: "The database: a SQLite file, or a postgresql://user:password@host:port/database URL (default: server.db in specwright.yml, else .specwright/specwright.db in the workspace; also SPECWRIGHT_DB).")
    var db: String?

    /// `--db`, else `SPECWRIGHT_DB`, else the workspace's setting (the workspace is opened only then,
    /// so a broken specwright.yml does not stand in the way of an explicit database).
    func path() throws -> String {
        if let db { return db }
        if let environment = ProcessInfo.processInfo.environment["SPECWRIGHT_DB"] { return environment }
        return try WorkspaceEnvironment.open().databasePath(nil)
    }
}

extension CheckOutputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension SpecListEntry.Column: ExpressibleByArgument {}
extension SpecListWriter.Format: ExpressibleByArgument {}

extension SpecwrightError {
    /// The message with how to give a missing input on the command line.
    var commandLineDescription: String {
        switch self {
        case .missingInput(.reason, let message): "\(message): give it with --reason"
        default: description
        }
    }
}

/// The spec file a command reads or edits.
struct SpecFileArgument: ParsableArguments {
    @Argument(help: "The spec file.")
    var path: String
}
