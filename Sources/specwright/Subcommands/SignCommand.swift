import ArgumentParser
import Foundation
import SpecwrightCore

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Record a sign-off bound to the spec's current text.",
        discussion: """
            Writes the role, name, date and a signature (sha256 of the spec's normative content) into the \
            sign-off table, adding a "## Sign-off" section if the spec has none. Any later edit of the \
            signed text makes `check` report the sign-off as stale.
            """)

    @Argument(help: "The spec file.")
    var path: String

    @Option(help: "The role signing, e.g. \"Technical Lead\".")
    var role: String

    @Option(help: "Who signs (default: --author, git's user.name, else $USER).")
    var name: String?

    @Option(help: "Who the change is recorded as (default: git's user.name, else $USER).")
    var author: String?

    func run() throws {
        let context = try CommandContext.load()
        let signer = name ?? AuthorName.resolve(explicit: author)
        let edit = try SpecFileEditing.edit(path, context: context, author: author) { try $0.signOff(role: role, name: signer) }
        print("\(path): \(edit.summary)")
    }
}
