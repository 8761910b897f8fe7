import Foundation

/// The documented, stable JSON output (`--format json`); see the README for the schema.
///
/// The report is ``JSONFormat``'s pretty style, written a member at a time (each file entry and
/// finding encoded on its own and indented into place), so a run over thousands of files never
/// holds a second, encoded copy of all its findings.
public struct JSONReportWriter: Sendable {
    public init() {}

    /// One finding: ``Finding`` plus the file it is in.
    struct FindingEntry: Encodable {
        var file: String
        var finding: Finding

        enum CodingKeys: String, CodingKey { case file }

        func encode(to encoder: any Encoder) throws {
            try finding.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
        }
    }

    public func render(_ run: CheckRun) -> String {
        let findings = run.reports.lazy.flatMap { report in
            report.diagnostics.lazy.filter { $0.severity >= run.minimumSeverity || $0.isInputProblem }.map { FindingEntry(file: $0.file, finding: Finding($0)) }
        }
        let summary = [
            "errors": run.count(.error), "files": run.reports.count, "infos": run.count(.info), "unreadableFiles": run.inputProblems,
            "warnings": run.count(.warning),
        ]
        var text = "{\n"
        // Files without their findings: those are listed once, below.
        let files = run.reports.lazy.map { CheckResult($0, path: $0.path, minimumSeverity: nil) }
        text += "  \"files\" : " + Self.array(files, indent: 2) + ",\n"
        text += "  \"findings\" : " + Self.array(findings, indent: 2) + ",\n"
        text += "  \"summary\" : " + Self.value(summary, indent: 2) + ",\n"
        text += "  \"tool\" : " + Self.value(["name": "specwright", "version": SpecwrightVersion.current], indent: 2) + ",\n"
        text += "  \"version\" : 1\n}\n"
        return text
    }

    /// `items` as a pretty JSON array whose closing bracket is `indent` spaces in.
    static func array(_ items: some Sequence<some Encodable>, indent: Int) -> String {
        let inner = indent + 2
        let members = items.map { String(repeating: " ", count: inner) + value($0, indent: inner) }
        return members.isEmpty ? "[]" : "[\n" + members.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent) + "]"
    }

    /// `item` in ``JSONFormat``'s pretty style, its lines after the first indented by `indent`.
    /// (Encoded JSON has no raw newline inside a string, so every newline is layout.)
    static func value(_ item: some Encodable, indent: Int) -> String {
        // Strings, numbers and nulls always encode.
        let text = String(decoding: try! JSONFormat.prettyEncoder.encode(item), as: UTF8.self)
        return text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: indent))
    }
}

/// The version Specwright reports in its output.
public enum SpecwrightVersion {
    public static let current = "0.1.0"
}
