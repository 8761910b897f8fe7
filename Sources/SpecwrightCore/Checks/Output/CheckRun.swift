/// The outcome of one `check` run over many files, ready to be written in any output format.
public struct CheckRun: Sendable {
    public var reports: [FileReport]
    /// Findings at or above this severity are reported; the rest are only counted.
    public var minimumSeverity: Severity
    /// The rules that ran, for formats that describe them (SARIF).
    public var rules: RuleSet

    private let counts: [Severity: Int]
    /// Files that could not be read or were refused.
    public let inputProblems: Int

    public init(reports: [FileReport], minimumSeverity: Severity = .info, rules: RuleSet = .core) {
        self.reports = reports
        self.minimumSeverity = minimumSeverity
        self.rules = rules
        var counts: [Severity: Int] = [:]
        var inputProblems = 0
        for report in reports {
            for severity in Severity.allCases { counts[severity, default: 0] += report.count(severity) }
            inputProblems += report.diagnostics.filter(\.isInputProblem).count
        }
        self.counts = counts
        self.inputProblems = inputProblems
    }

    public var diagnostics: [Diagnostic] { reports.flatMap(\.diagnostics) }

    public var shownDiagnostics: [Diagnostic] { diagnostics.filter { $0.severity >= minimumSeverity || $0.isInputProblem } }

    public func count(_ severity: Severity) -> Int { counts[severity, default: 0] }

    /// 2 when a file could not be read, 1 when any error was found, else 0.
    public var exitCode: Int32 { exitCode(maxWarnings: nil) }

    /// As ``exitCode``, and 1 also when there are more than `maxWarnings` warnings (0: any
    /// warning fails, the way `--strict` and eslint's `--max-warnings` work).
    public func exitCode(maxWarnings: Int?) -> Int32 {
        if inputProblems > 0 { return 2 }
        if count(.error) > 0 { return 1 }
        if let maxWarnings, count(.warning) > maxWarnings { return 1 }
        return 0
    }
}

/// An output format for a ``CheckRun``.
public enum CheckOutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github

    /// - Parameter hiddenInfoHint: for `text`, how the reader makes hidden infos visible.
    public func render(_ run: CheckRun, color: Bool = false, hiddenInfoHint: String? = nil) -> String {
        switch self {
        case .text: TextReportWriter(color: color, hiddenInfoHint: hiddenInfoHint).render(run)
        case .json: JSONReportWriter().render(run)
        case .sarif: SARIFReportWriter(rules: run.rules).render(run)
        case .github: GitHubReportWriter().render(run)
        }
    }
}
