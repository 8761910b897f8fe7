/// One spec's check as the API and the MCP tools return it: the template, completeness, counts by
/// severity and the findings (at or above a minimum severity).
public struct CheckResult: Codable, Sendable, Equatable {
    /// The file checked, when the caller named one.
    public var path: String?
    public var template: String?
    public var templateSource: String
    public var completeness: Double?
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    public var findings: [Finding]

    public init(_ report: FileReport, path: String? = nil, minimumSeverity: Severity = .info) {
        self.path = path
        template = report.template
        templateSource = report.templateSource
        completeness = report.completeness
        errors = report.errors
        warnings = report.warnings
        infos = report.infos
        findings = report.diagnostics.filter { $0.severity >= minimumSeverity }.map(Finding.init)
    }
}
