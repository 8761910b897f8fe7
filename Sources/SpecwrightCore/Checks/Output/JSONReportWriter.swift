/// The documented, stable JSON output (`--format json`); see the README for the schema.
public struct JSONReportWriter: Sendable {
    public init() {}

    public func render(_ run: CheckRun) -> String {
        var json = JSONTextWriter()
        json.beginObject()
        json.key("files")
        json.beginArray()
        for report in run.reports {
            json.beginObject()
            json.key("completeness")
            json.double(report.completeness.map { ($0 * 1000).rounded() / 1000 })
            json.key("errors")
            json.int(report.errors)
            json.key("infos")
            json.int(report.infos)
            json.key("path")
            json.string(report.path)
            json.key("template")
            json.string(report.template)
            json.key("templateSource")
            json.string(report.templateSource)
            json.key("warnings")
            json.int(report.warnings)
            json.endObject()
        }
        json.endArray()
        json.key("findings")
        json.beginArray()
        for report in run.reports {
            for diagnostic in report.diagnostics where diagnostic.severity >= run.minimumSeverity || diagnostic.isInputProblem {
                json.beginObject()
                json.key("column")
                json.int(diagnostic.column)
                json.key("endColumn")
                json.int(diagnostic.endColumn)
                json.key("endLine")
                json.int(diagnostic.endLine)
                json.key("file")
                json.string(diagnostic.file)
                json.key("line")
                json.int(diagnostic.line)
                json.key("message")
                json.string(diagnostic.message)
                json.key("rule")
                json.string(diagnostic.rule)
                json.key("severity")
                json.string(diagnostic.severity.rawValue)
                json.endObject()
            }
        }
        json.endArray()
        json.key("summary")
        json.beginObject()
        json.key("errors")
        json.int(run.count(.error))
        json.key("files")
        json.int(run.reports.count)
        json.key("infos")
        json.int(run.count(.info))
        json.key("unreadableFiles")
        json.int(run.inputProblems)
        json.key("warnings")
        json.int(run.count(.warning))
        json.endObject()
        json.key("tool")
        json.beginObject()
        json.key("name")
        json.string("specwright")
        json.key("version")
        json.string(SpecwrightVersion.current)
        json.endObject()
        json.key("version")
        json.int(1)
        json.endObject()
        json.finish()
        return json.text
    }
}

/// The version Specwright reports in its output.
public enum SpecwrightVersion {
    public static let current = "0.1.0"
}
