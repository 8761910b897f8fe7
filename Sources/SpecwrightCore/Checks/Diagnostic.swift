/// How serious a finding is. Errors fail `check` (exit 1); warnings and infos do not.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A problem found in a file: what rule, how serious, what, and exactly where.
///
/// Diagnostics are values, not thrown errors: a check reports every problem it can and goes on.
///
/// ```swift
/// Diagnostic(rule: "placeholder", severity: .warning, message: "unfilled placeholder \"[Name]\"",
///            file: "specs/a.md", range: SourceRange(...))
/// ```
public struct Diagnostic: Sendable, Equatable, Codable {
    public var rule: String
    public var severity: Severity
    public var message: String
    public var file: String
    /// Where in the file; nil for problems with the file as a whole (reported at 1:1).
    public var range: SourceRange?

    public init(rule: String, severity: Severity, message: String, file: String, range: SourceRange?) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
    }

    public var line: Int { range?.start.line ?? 1 }
    public var column: Int { range?.start.column ?? 1 }
    public var endLine: Int { range?.end.line ?? line }
    public var endColumn: Int { range?.end.column ?? column }

    /// Rule ids for problems with reading a file rather than with its content.
    public static let inputRules: Set<String> = ["io-error", "invalid-utf8", "binary-file", "file-too-large"]

    public var isInputProblem: Bool { Self.inputRules.contains(rule) }

    /// What the input rules report, for output formats that describe rules.
    public static let inputRuleDescriptors: [String: RuleDescriptor] = [
        "io-error": RuleDescriptor(id: "io-error", severity: .error, summary: "file could not be read", help: "Check that the path exists and is readable."),
        "invalid-utf8": RuleDescriptor(id: "invalid-utf8", severity: .error, summary: "file is not valid UTF-8", help: "Save the file as UTF-8."),
        "binary-file": RuleDescriptor(id: "binary-file", severity: .error, summary: "file is binary", help: "Only Markdown text files are specs; remove the file from the paths checked."),
        "file-too-large": RuleDescriptor(id: "file-too-large", severity: .error, summary: "file is over the size limit", help: "Split the spec, or raise the size limit."),
    ]
}
