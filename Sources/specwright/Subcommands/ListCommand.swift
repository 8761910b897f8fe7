import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightWorkspace

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List specs: title, status, version, author, last updated, completeness, path.")

    @Argument(help: "Files or folders (default: the workspace's specs/ folder).")
    var paths: [String] = []

    @Option(help: "Only specs with this status (case-insensitive).")
    var status: String?

    @Option(name: .shortAndLong, help: "Only specs checked against this template.")
    var template: String?

    @Option(help: "Sort by: \(SpecListEntry.Column.allCases.map(\.rawValue).joined(separator: ", ")).")
    var sort: SpecListEntry.Column = .path

    @Flag(help: "Reverse the order.")
    var reverse = false

    @Option(name: .shortAndLong, help: "Output format: table, json or csv.")
    var format: SpecListWriter.Format = .table

    func run() throws {
        let context = try WorkspaceEnvironment.open(retainedSeverity: .error)
        let (files, problems) = SpecInput.expand(paths.isEmpty ? context.defaultPaths : paths)
        for problem in problems { FileHandle.standardError.write(Data("specwright: \(problem.file): \(problem.message)\n".utf8)) }
        let results = context.checker.process(files: files) { spec, report -> (SpecListEntry?, Diagnostic?) in
            guard let spec else { return (nil, report.diagnostics.first) }
            return (SpecListEntry(spec: spec, report: report), nil)
        }
        var summaries: [SpecListEntry] = []
        var unreadable = problems.count
        for (summary, problem) in results {
            if let summary { summaries.append(summary) }
            if let problem {
                unreadable += 1
                FileHandle.standardError.write(Data("specwright: \(problem.file): \(problem.message)\n".utf8))
            }
        }
        if let status { summaries = summaries.filter { $0.status?.lowercased() == status.lowercased() } }
        if let template { summaries = summaries.filter { $0.template == template } }
        summaries.sort { SpecListEntry.areInIncreasingOrder($0, $1, by: sort) }
        if reverse { summaries.reverse() }
        print(SpecListWriter.render(summaries, format: format), terminator: "")
        if unreadable > 0 { throw ExitCode(2) }
    }
}
