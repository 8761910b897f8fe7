import Foundation
import SpecwrightCore
import Yams

/// A YAML or JSON block whose root has an `openapi:` key is an OpenAPI document: it must decode
/// and validate with OpenAPIKit (3.0.x with OpenAPIKit30, 3.1.x with OpenAPIKit). Fragments
/// (no `openapi:` key, like the seed template's Swagger 2 excerpt) are only parsed, by the YAML
/// and JSON rules.
struct OpenAPIBlockRule: Rule {
    let descriptor = RuleDescriptor(id: "openapi", severity: .error, summary: "OpenAPI document does not validate",
                                    help: "Fix the OpenAPI document so it validates (the message names the path inside the document); a fragment without a top-level `openapi:` key is only parsed, not validated.")

    static func mayBeOpenAPIDocument(_ text: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: true).contains { line in
            line.hasPrefix("openapi:") || line.hasPrefix("\"openapi\"") || line.hasPrefix("  \"openapi\"") || line.hasPrefix("{\"openapi\"")
        }
    }

    static let cache = BlockResultCache()

    func check(_ context: RuleContext) -> [RuleFinding] {
        Self.cache.findings(in: context, languages: ["yaml", "yml", "json"], problems: Self.problems)
    }

    static func problems(_ text: String) -> [BlockProblem] {
        // Only a document with an `openapi` key at its root is one; most blocks are not.
        guard mayBeOpenAPIDocument(text), let root = try? Yams.load(yaml: text) as? [String: Any], let version = root["openapi"] else { return [] }
        let versionText = "\(version)"
        let problems: [(String, [String])]
        if versionText.hasPrefix("3.0") {
            problems = OpenAPIValidation.problems(text, version: .v3_0)
        } else if versionText.hasPrefix("3.1") || versionText.hasPrefix("3.2") {
            problems = OpenAPIValidation.problems(text, version: .v3_1)
        } else {
            return [BlockProblem(message: "unsupported OpenAPI version '\(versionText)' (3.0.x and 3.1.x are validated)", position: .lineContaining("openapi"))]
        }
        return problems.map { message, path in
            // Point at the deepest path component that appears as a key in the block.
            let key = path.reversed().first { !$0.isEmpty && Int($0) == nil }
            return BlockProblem(message: "OpenAPI: \(message)", position: key.map { .key($0) } ?? .fence)
        }
    }
}
