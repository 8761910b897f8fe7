import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a workspace: a commented specwright.yml, specs/ and templates/.")

    @Argument(help: "The folder (default: the current one).")
    var directory: String = "."

    func run() throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let config = try WorkspaceEnvironment.initialize(at: root)
        print("created \(DisplayPath.relative(config)), specs/ and templates/")
    }
}
