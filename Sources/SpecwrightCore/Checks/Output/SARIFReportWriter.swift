import Foundation

/// SARIF 2.1.0 for code-scanning upload (`--format sarif`).
public struct SARIFReportWriter: Sendable {
    public init() {}

    public func render(_ run: CheckRun) -> String {
        let diagnostics = run.shownDiagnostics
        var ruleIDs: [String] = []
        for diagnostic in diagnostics where !ruleIDs.contains(diagnostic.rule) { ruleIDs.append(diagnostic.rule) }
        let known = RuleSet.core
        let rules: [[String: Any]] = ruleIDs.map { id in
            let rule = known.rule(withID: id)
            return [
                "id": id,
                "shortDescription": ["text": rule?.summary ?? Self.inputRuleSummaries[id] ?? id],
                "defaultConfiguration": ["level": Self.level(rule?.defaultSeverity ?? .error)],
            ]
        }
        let results: [[String: Any]] = diagnostics.map { diagnostic in
            [
                "ruleId": diagnostic.rule,
                "ruleIndex": ruleIDs.firstIndex(of: diagnostic.rule) ?? 0,
                "level": Self.level(diagnostic.severity),
                "message": ["text": diagnostic.message],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": Self.uri(diagnostic.file)],
                        "region": [
                            "startLine": diagnostic.line, "startColumn": diagnostic.column,
                            "endLine": diagnostic.endLine, "endColumn": max(diagnostic.endColumn, diagnostic.line == diagnostic.endLine ? diagnostic.column : 1),
                        ],
                    ],
                ]],
            ]
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "specwright", "version": SpecwrightVersion.current, "informationUri": "https://github.com/specwright/specwright",
                    "rules": rules,
                ]],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static let inputRuleSummaries = [
        "io-error": "file could not be read", "invalid-utf8": "file is not valid UTF-8",
        "binary-file": "file is binary", "file-too-large": "file is over the size limit",
    ]

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
