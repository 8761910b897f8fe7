import Foundation

/// SARIF 2.1.0 for code-scanning upload (`--format sarif`): one run, the rules that have results
/// (with their descriptions and help), and a result per finding.
public struct SARIFReportWriter: Sendable {
    /// The rules the run's findings may come from, for their descriptions.
    public var rules: RuleSet

    public init(rules: RuleSet = .core) {
        self.rules = rules
    }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
    }

    struct Tool: Encodable {
        struct Driver: Encodable {
            var name = "specwright"
            var version = SpecwrightVersion.current
            var informationUri = "https://github.com/specwright/specwright"
            var rules: [ReportingDescriptor]
        }
        var driver: Driver
    }

    struct Message: Encodable {
        var text: String
    }

    struct ReportingDescriptor: Encodable {
        struct Configuration: Encodable { var level: String }
        var id: String
        var shortDescription: Message
        var help: Message
        var defaultConfiguration: Configuration
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
    }

    struct Location: Encodable {
        struct Physical: Encodable {
            var artifactLocation: Artifact
            var region: Region
        }
        struct Artifact: Encodable { var uri: String }
        struct Region: Encodable {
            var startLine: Int
            var startColumn: Int
            var endLine: Int
            var endColumn: Int
        }
        var physicalLocation: Physical
    }

    public func render(_ run: CheckRun) -> String {
        let diagnostics = run.shownDiagnostics
        var ruleIDs: [String] = []
        for diagnostic in diagnostics where !ruleIDs.contains(diagnostic.rule) { ruleIDs.append(diagnostic.rule) }
        let descriptors = ruleIDs.map { id in
            let descriptor = rules.rule(withID: id)?.descriptor ?? Diagnostic.inputRuleDescriptors[id]
                ?? RuleDescriptor(id: id, severity: .error, summary: id, help: id)
            return ReportingDescriptor(
                id: id, shortDescription: Message(text: descriptor.summary), help: Message(text: descriptor.help),
                defaultConfiguration: .init(level: Self.level(descriptor.defaultSeverity)))
        }
        let results = diagnostics.map { diagnostic in
            Result(
                ruleId: diagnostic.rule, ruleIndex: ruleIDs.firstIndex(of: diagnostic.rule) ?? 0, level: Self.level(diagnostic.severity),
                message: Message(text: diagnostic.message),
                locations: [Location(physicalLocation: .init(
                    artifactLocation: .init(uri: Self.uri(diagnostic.file)),
                    region: .init(
                        startLine: diagnostic.line, startColumn: diagnostic.column, endLine: diagnostic.endLine,
                        endColumn: max(diagnostic.endColumn, diagnostic.line == diagnostic.endLine ? diagnostic.column : 1))))])
        }
        let log = Log(runs: [Run(tool: Tool(driver: .init(rules: descriptors)), results: results)])
        // Strings and numbers always encode.
        return String(decoding: try! JSONFormat.prettyEncoder.encode(log), as: UTF8.self) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// A relative URI with spaces and other unsafe characters percent-encoded.
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
