import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightStore

@main
struct Specwright: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specwright",
        abstract: "Technical specs as engineering artifacts: written from templates, checked like code.",
        version: SpecwrightVersion.current,
        subcommands: [
            InitCommand.self, TemplatesCommand.self, NewCommand.self, CheckCommand.self, ListCommand.self, ShowCommand.self,
            StatusCommand.self, SignCommand.self, TickCommand.self, ChangelogCommand.self, RenderCommand.self, MCPCommand.self,
            ServeCommand.self, AdminCommand.self, PushCommand.self, PullCommand.self,
        ])

    /// Runs the command line, mapping failures to Specwright's exit codes: 1 for findings (set by
    /// the commands), 2 for usage and input/output problems.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as SpecwrightError {
            FileHandle.standardError.write(Data("specwright: error: \(error.commandLineDescription)\n".utf8))
            Foundation.exit(2)
        } catch let error as StoreError {
            let message = switch error {
            case .notFound(let message), .conflict(let message): message
            case .preconditionFailed(let current): "the spec changed (now \(current))"
            case .unavailable(let message): message
            }
            FileHandle.standardError.write(Data("specwright: error: \(message)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .failure && error is ExitCode {
                exit(withError: error)
            }
            // Usage problems (ArgumentParser's 64) are exit 2, like every other bad input.
            let message = fullMessage(for: error)
            if code == .validationFailure || code.rawValue == 64 {
                FileHandle.standardError.write(Data((message.isEmpty ? "" : message + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
