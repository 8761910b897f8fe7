/// The result of checking one file.
public struct FileReport: Sendable, Codable, Equatable {
    public var path: String
    /// The template checked against, if any.
    public var template: String?
    /// How the template was chosen: marker, inferred, explicit, unknown or none.
    public var templateSource: String
    /// 0…1; nil when the file could not be read.
    public var completeness: Double?
    public var diagnostics: [Diagnostic]

    public init(path: String, template: String?, templateSource: String, completeness: Double?, diagnostics: [Diagnostic]) {
        self.path = path
        self.template = template
        self.templateSource = templateSource
        self.completeness = completeness
        self.diagnostics = diagnostics
    }

    public func count(_ severity: Severity) -> Int { diagnostics.filter { $0.severity == severity }.count }

    public var hasInputProblem: Bool { diagnostics.contains(where: \.isInputProblem) }
}
