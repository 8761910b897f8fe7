import SpecwrightCore

extension RuleSet {
    /// The core rules plus the embedded-block rules: `sql`, `yaml`, `json` and `openapi`.
    public static let withEmbeddedChecks = RuleSet(RuleSet.core.rules + [SQLBlockRule(), YAMLBlockRule(), JSONBlockRule(), OpenAPIBlockRule()])
}
