/// One file's check as every output shows it: the template, completeness, counts by severity and,
/// where the caller wants them, the findings. The JSON report's `files` entries, the API's
/// `POST /check` and the MCP `check_spec` tool all encode this one type.
public struct CheckResult: Encodable, Sendable, Equatable {
    /// The file checked, when the caller named one.
    public var path: String?
    public var template: String?
    public var templateSource: String
    /// 0…1, rounded to three decimals; nil when the file could not be read.
    public var completeness: Double?
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    /// Nil: not reported (the JSON report lists findings apart from files).
    public var findings: [Finding]?

    /// - Parameter minimumSeverity: the findings to include; nil for none (and no `findings` key).
    public init(_ report: FileReport, path: String? = nil, minimumSeverity: Severity? = .info) {
        self.path = path
        template = report.template
        templateSource = report.templateSource
        completeness = report.completeness.map { ($0 * 1000).rounded() / 1000 }
        (errors, warnings, infos) = (report.errors, report.warnings, report.infos)
        findings = minimumSeverity.map { minimum in report.diagnostics.filter { $0.severity >= minimum }.map(Finding.init) }
    }

    enum CodingKeys: String, CodingKey { case path, template, templateSource, completeness, errors, warnings, infos, findings }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // A missing template or completeness is documented as null; an unnamed path and unreported
        // findings are left out.
        try container.encodeIfPresent(path, forKey: .path)
        try container.encode(template, forKey: .template)
        try container.encode(templateSource, forKey: .templateSource)
        try container.encode(completeness, forKey: .completeness)
        try container.encode(errors, forKey: .errors)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(infos, forKey: .infos)
        try container.encodeIfPresent(findings, forKey: .findings)
    }
}
