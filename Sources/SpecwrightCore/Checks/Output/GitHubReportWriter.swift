/// GitHub Actions workflow commands (`--format github`): one annotation per finding.
public struct GitHubReportWriter: Sendable {
    public init() {}

    public func render(_ run: CheckRun) -> String {
        var output = ""
        for diagnostic in run.shownDiagnostics {
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info: command = "notice"
            }
            let properties = [
                "file=\(Self.escapeProperty(diagnostic.file))", "line=\(diagnostic.line)", "col=\(diagnostic.column)",
                "endLine=\(diagnostic.endLine)", "endColumn=\(diagnostic.endColumn)", "title=\(Self.escapeProperty("specwright " + diagnostic.rule))",
            ]
            output += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(diagnostic.message))\n"
        }
        return output
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
