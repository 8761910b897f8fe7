import ArgumentParser
import Foundation
import SpecwrightCore

extension CheckOutputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check specs against their templates.",
        discussion: """
            Checks each file (folders: every *.md below them) against the template named by its marker, \
            or the best-matching template. Exit status: 0 no errors, 1 errors found, 2 usage or input problem.
            """)

    @Argument(help: "Files or folders (default: the workspace's specs/ folder).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text, json, sarif or github.")
    var format: CheckOutputFormat = .text

    @Option(name: .shortAndLong, help: "Check against this template (name or path) instead of each file's own.")
    var template: String?

    @Option(help: "Report findings at or above this severity: info, warning or error (default: info for json and sarif, warning otherwise).")
    var minSeverity: Severity?

    @Option(help: "Refuse files larger than this many megabytes.")
    var maxFileSize: Int = 32

    @Flag(help: "Never colour the text output (also: NO_COLOR).")
    var noColor = false

    func validate() throws {
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be a positive number of megabytes") }
    }

    func run() throws {
        let minimum = minSeverity ?? (format == .json || format == .sarif ? .info : .warning)
        let run = try CheckRunner.run(paths: paths, template: template, maxFileSize: maxFileSize, minimumSeverity: minimum)
        let output = CheckRun(reports: run, minimumSeverity: minimum)
        print(format.render(output, color: format == .text && Terminal.supportsColor && !noColor), terminator: "")
        if output.exitCode != 0 { throw ExitCode(output.exitCode) }
    }
}

/// Shared by `check`, `list` and `show`: expand paths, load templates, check every file.
enum CheckRunner {
    static func run(paths: [String], template: String?, maxFileSize: Int = 32, minimumSeverity: Severity = .info) throws -> [FileReport] {
        let workspace = Workspace.find()
        var catalog = try workspace.templateCatalog()
        var explicit: String?
        if let template {
            let resolved = try TemplateResolver.resolve(template, catalog: catalog)
            catalog.add(resolved)
            explicit = resolved.name
        }
        let inputs = paths.isEmpty ? [defaultPath(workspace)] : paths
        let (files, problems) = SpecInput.expand(inputs)
        let checker = Checker(catalog: catalog, explicitTemplate: explicit, limits: .init(maxBytes: maxFileSize << 20), retainedSeverity: minimumSeverity)
        let problemReports = problems.map {
            FileReport(path: $0.file, template: nil, templateSource: "none", completeness: nil, diagnostics: [$0])
        }
        return problemReports + checker.check(files: files)
    }

    static func defaultPath(_ workspace: Workspace) -> String {
        FileManager.default.fileExists(atPath: workspace.specsDirectory.path) ? DisplayPath.relative(workspace.specsDirectory) : "."
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set.
    static var supportsColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) != 0
    }
}
