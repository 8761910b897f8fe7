import Foundation

/// The documented, stable JSON output (`--format json`); see the README for the schema.
public struct JSONReportWriter: Sendable {
    public init() {}

    struct Output: Encodable {
        struct Summary: Encodable {
            var files: Int
            var errors: Int
            var warnings: Int
            var infos: Int
            var unreadableFiles: Int
        }

        struct File: Encodable {
            var path: String
            var template: String?
            var templateSource: String
            var completeness: Double?
            var errors: Int
            var warnings: Int
            var infos: Int

            enum CodingKeys: String, CodingKey { case path, template, templateSource, completeness, errors, warnings, infos }

            /// Absent values are written as `null`, as the README documents.
            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(path, forKey: .path)
                try container.encode(template, forKey: .template)
                try container.encode(templateSource, forKey: .templateSource)
                try container.encode(completeness, forKey: .completeness)
                try container.encode(errors, forKey: .errors)
                try container.encode(warnings, forKey: .warnings)
                try container.encode(infos, forKey: .infos)
            }
        }

        struct Finding: Encodable {
            var file: String
            var line: Int
            var column: Int
            var endLine: Int
            var endColumn: Int
            var rule: String
            var severity: Severity
            var message: String
        }

        var version = 1
        var tool = ["name": "specwright", "version": SpecwrightVersion.current]
        var summary: Summary
        var files: [File]
        var findings: [Finding]
    }

    public func render(_ run: CheckRun) -> String {
        let output = Output(
            summary: .init(files: run.reports.count, errors: run.count(.error), warnings: run.count(.warning), infos: run.count(.info), unreadableFiles: run.inputProblems),
            files: run.reports.map {
                .init(path: $0.path, template: $0.template, templateSource: $0.templateSource,
                      completeness: $0.completeness.map { ($0 * 1000).rounded() / 1000 },
                      errors: $0.count(.error), warnings: $0.count(.warning), infos: $0.count(.info))
            },
            findings: run.shownDiagnostics.map {
                .init(file: $0.file, line: $0.line, column: $0.column, endLine: $0.endLine, endColumn: $0.endColumn,
                      rule: $0.rule, severity: $0.severity, message: $0.message)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(output)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The version Specwright reports in its output.
public enum SpecwrightVersion {
    public static let current = "0.1.0"
}
