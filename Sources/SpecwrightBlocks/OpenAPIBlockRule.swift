import Foundation
import SpecwrightCore
import Yams

/// A YAML or JSON block whose root has an `openapi:` key is an OpenAPI document: it must decode
/// and validate with OpenAPIKit (3.0.x with OpenAPIKit30, 3.1.x with OpenAPIKit). Fragments
/// (no `openapi:` key, like the seed template's Swagger 2 excerpt) are only parsed, by the YAML
/// and JSON rules.
public struct OpenAPIBlockRule: Rule {
    public let id = "openapi"
    public let defaultSeverity = Severity.error
    public let summary = "OpenAPI document does not validate"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for block in EmbeddedBlock.all(in: context.document, languages: ["yaml", "yml", "json"]) {
            guard let root = try? Yams.load(yaml: block.text) as? [String: Any], let version = root["openapi"] else { continue }
            let versionText = "\(version)"
            let problems: [(String, [String])]
            if versionText.hasPrefix("3.0") {
                problems = OpenAPI30Validation.problems(block.text)
            } else if versionText.hasPrefix("3.1") || versionText.hasPrefix("3.2") {
                problems = OpenAPI31Validation.problems(block.text)
            } else {
                findings.append(RuleFinding("unsupported OpenAPI version '\(versionText)' (3.0.x and 3.1.x are validated)", at: block.documentRange(ofLineContaining: "openapi")))
                continue
            }
            for (message, path) in problems {
                // Point at the deepest path component that appears as a key in the block.
                let key = path.reversed().first { !$0.isEmpty && Int($0) == nil }
                findings.append(RuleFinding("OpenAPI: \(message)", at: key.map { block.documentRange(ofLineContaining: "\($0):") } ?? block.fence))
            }
        }
        return findings
    }
}
