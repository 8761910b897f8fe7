/// The result of checking one file.
public struct FileReport: Sendable, Codable, Equatable {
    public var path: String
    /// The template checked against, if any.
    public var template: String?
    /// How the template was chosen: marker, inferred, explicit, unknown or none.
    public var templateSource: String
    /// 0…1; nil when the file could not be read.
    public var completeness: Double?
    /// The findings kept (those at or above the checker's retained severity).
    public var diagnostics: [Diagnostic]
    /// Findings by severity, including any not kept.
    public var errors: Int
    public var warnings: Int
    public var infos: Int

    public init(path: String, template: String?, templateSource: String, completeness: Double?, diagnostics: [Diagnostic],
                counts: (errors: Int, warnings: Int, infos: Int)? = nil) {
        self.path = path
        self.template = template
        self.templateSource = templateSource
        self.completeness = completeness
        self.diagnostics = diagnostics
        let counts = counts ?? (
            diagnostics.filter { $0.severity == .error }.count, diagnostics.filter { $0.severity == .warning }.count,
            diagnostics.filter { $0.severity == .info }.count)
        self.errors = counts.errors
        self.warnings = counts.warnings
        self.infos = counts.infos
    }

    public func count(_ severity: Severity) -> Int {
        switch severity {
        case .error: errors
        case .warning: warnings
        case .info: infos
        }
    }

    /// The report of a file that could not be read: the problem, and no template or completeness.
    public static func unreadable(_ problem: Diagnostic) -> FileReport {
        FileReport(path: problem.file, template: nil, templateSource: TemplateChoice.none.source, completeness: nil, diagnostics: [problem])
    }
}
