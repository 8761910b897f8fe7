import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check specs against their templates; --fix applies the safe fixes.",
        discussion: """
            Checks each file (folders: every *.md below them) against the template named by its marker, \
            or the best-matching template. Exit status: 0 no errors, 1 errors found, 2 usage or input problem.
            """)

    @Argument(help: "Files or folders (default: the workspace's specs folder).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text, json, sarif or github.")
    var format: CheckOutputFormat = .text

    @Option(name: .shortAndLong, help: "Check against this template (name or path) instead of each file's own.")
    var template: String?

    @Option(help: "Report findings at or above this severity: info, warning or error (default: info for json and sarif, warning otherwise).")
    var minSeverity: Severity?

    @Option(help: "Refuse files larger than this many megabytes.")
    var maxFileSize: Int = 32

    @Option(help: "Fail (exit 1) when there are more than this many warnings.")
    var maxWarnings: Int?

    @Flag(help: "Fail (exit 1) on any warning (the same as --max-warnings 0).")
    var strict = false

    @Flag(help: "Never colour the text output (also: NO_COLOR).")
    var noColor = false

    @Flag(help: "Apply the safe fixes: table of contents, header version and date from the change log, short table rows.")
    var fix = false

    @Flag(help: "With --fix: print the fixes as a unified diff and write nothing.")
    var dryRun = false

    @OptionGroup var author: AuthorOption

    @Option(help: "Write today's findings to this file, to report only new ones later with --baseline.")
    var writeBaseline: String?

    @Option(help: "Report only findings not recorded in this baseline file.")
    var baseline: String?

    func validate() throws {
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be a positive number of megabytes") }
        if dryRun && !fix { throw ValidationError("--dry-run goes with --fix") }
        if writeBaseline != nil && baseline != nil { throw ValidationError("use either --write-baseline or --baseline") }
        if let maxWarnings, maxWarnings < 0 { throw ValidationError("--max-warnings must be 0 or more") }
        if strict && maxWarnings != nil { throw ValidationError("use either --strict or --max-warnings") }
    }

    func run() async throws {
        let minimum = minSeverity ?? (format == .json || format == .sarif ? .info : .warning)
        // Baselines compare every finding, so keep them all then.
        let retained: Severity = (baseline != nil || writeBaseline != nil) ? .info : minimum
        let context = try WorkspaceEnvironment.open(template: template, retainedSeverity: retained, maxFileSize: maxFileSize)
        let (files, problems) = SpecInput.expand(paths.isEmpty ? context.defaultPaths : paths)
        if fix {
            try await applyFixes(files, environment: context.environment)
        }
        var reports = problems.map(FileReport.unreadable)
        reports += context.checker.check(files: files)
        if let writeBaseline {
            try AtomicFileWriter.save(URL(fileURLWithPath: writeBaseline), bytes: Baseline(reports: reports).encoded())
            FileHandle.standardError.write(Data("specwright: wrote \(Baseline(reports: reports).findings.reduce(0) { $0 + $1.count }) findings to \(writeBaseline)\n".utf8))
        }
        if let baseline {
            reports = try Baseline.load(URL(fileURLWithPath: baseline)).filter(reports)
        }
        let output = CheckRun(reports: reports, minimumSeverity: minimum, rules: context.checker.rules)
        print(format.render(output, color: format == .text && Terminal.supportsColor && !noColor, hiddenInfoHint: "--min-severity info shows them"), terminator: "")
        if output.diagnostics.contains(where: { $0.rule == "file-too-large" }) {
            FileHandle.standardError.write(Data("specwright: raise the size limit with --max-file-size\n".utf8))
        }
        let allowed = strict ? 0 : maxWarnings
        let code = output.exitCode(maxWarnings: allowed)
        if code == 1, output.count(.error) == 0, let allowed {
            FileHandle.standardError.write(Data("specwright: \(output.count(.warning)) warnings, more than the \(allowed) allowed (\(strict ? "--strict" : "--max-warnings \(allowed)"))\n".utf8))
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// Fixes each readable file (unreadable ones are reported by the check that follows).
    private func applyFixes(_ files: [SpecInput.File], environment: SpecEnvironment) async throws {
        for file in files {
            let spec = SpecFile(url: file.url, displayPath: file.displayPath)
            guard let session = try? SpecSession(spec, environment: environment) else { continue }
            if dryRun {
                let change = try session.apply(.fix, by: author.resolved)
                if change.changed { print(UnifiedDiff.render(old: session.bytes, new: change.after.bytes, path: file.displayPath), terminator: "") }
                continue
            }
            let change = try await session.perform(.fix, by: author.resolved, saving: spec).change
            if change.changed { FileHandle.standardError.write(Data("specwright: \(file.displayPath): \(change.summary)\n".utf8)) }
        }
        if dryRun { throw ExitCode.success }
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
