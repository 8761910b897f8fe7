/// Human-readable output grouped by file, like ESLint's "stylish" format.
///
/// ```
/// specs/payment-retries.md  feature-spec, 42% complete
///   12:5   warning  unfilled placeholder [Name]     placeholder
///   40:1   error    missing section '## Risk Analysis'  missing-section
///
/// 1 error, 1 warning in 1 file (57 infos hidden; --min-severity info shows them)
/// ```
///
/// The hint after "hidden" is the front end's (`hiddenInfoHint`): the core names no flags.
public struct TextReportWriter: Sendable {
    public var color: Bool
    /// How to see the infos the summary says are hidden, in the front end's terms.
    public var hiddenInfoHint: String?

    public init(color: Bool, hiddenInfoHint: String? = nil) {
        self.color = color
        self.hiddenInfoHint = hiddenInfoHint
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func render(_ run: CheckRun) -> String {
        var output = ""
        for report in run.reports {
            let shown = report.diagnostics.filter { $0.severity >= run.minimumSeverity || $0.isInputProblem }
            var header = paint(report.path, "4")
            if let template = report.template {
                header += "  " + paint(template, "2")
                if let completeness = report.completeness { header += paint(", \(Int((completeness * 100).rounded()))% complete", "2") }
            }
            if shown.isEmpty {
                continue
            }
            output += header + "\n"
            let positionWidth = shown.map { "\($0.line):\($0.column)".count }.max() ?? 0
            for diagnostic in shown {
                let position = "\(diagnostic.line):\(diagnostic.column)"
                let severity: String
                switch diagnostic.severity {
                case .error: severity = paint("error  ", "31")
                case .warning: severity = paint("warning", "33")
                case .info: severity = paint("info   ", "36")
                }
                output += "  " + position.paddedRight(to: positionWidth) + "  " + severity + "  "
                output += diagnostic.message + "  " + paint(diagnostic.rule, "2") + "\n"
            }
            output += "\n"
        }
        output += summary(run) + "\n"
        return output
    }

    private func summary(_ run: CheckRun) -> String {
        let errors = run.count(.error)
        let warnings = run.count(.warning)
        let infos = run.count(.info)
        let files = run.reports.count
        var line = "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))"
        if run.minimumSeverity > .info && infos > 0 {
            line += " (\(plural(infos, "info")) hidden" + (hiddenInfoHint.map { "; \($0)" } ?? "") + ")"
        } else if infos > 0 {
            line += ", \(plural(infos, "info"))"
        }
        if run.inputProblems > 0 { line += "; \(plural(run.inputProblems, "file")) could not be checked" }
        let mark = errors > 0 || run.inputProblems > 0 ? paint("✖", "31") : paint("✔", "32")
        return mark + " " + line
    }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}

extension String {
    func paddedRight(to length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
