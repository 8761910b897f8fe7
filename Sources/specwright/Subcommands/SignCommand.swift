import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Record a sign-off bound to the spec's current text.",
        discussion: """
            Writes the role, name, date and a signature (sha256 of the spec's normative content) into the \
            sign-off table, adding a "## Sign-off" section if the spec has none. Any later edit of the \
            signed text makes `check` report the sign-off as stale.
            """)

    @OptionGroup var spec: SpecFileArgument

    @Option(help: "The role signing, e.g. \"Technical Lead\".")
    var role: String

    @Option(help: "Who signs (default: --author, git's user.name, else $USER).")
    var name: String?

    @OptionGroup var author: AuthorOption

    func run() async throws {
        let summary = try await SpecFileCommand.perform(.signOff(role: role, name: name ?? author.resolved), on: spec.path, by: author.resolved)
        print("\(spec.path): \(summary)")
    }
}
