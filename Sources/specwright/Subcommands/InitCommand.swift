import ArgumentParser
import Foundation
import SpecwrightCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a workspace: a commented specwright.yml, specs/ and templates/.")

    @Argument(help: "The folder (default: the current one).")
    var directory: String = "."

    func run() throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let config = root.appendingPathComponent(Workspace.configFileName)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("specs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try AtomicFileWriter.create(config, bytes: Array(WorkspaceConfigTemplate.text.utf8))
        print("created \(DisplayPath.relative(config)), specs/ and templates/")
    }
}
