import SpecwrightCore

extension RuleSet {
    /// The core rules plus the embedded-block rules: `sql`, `yaml`, `json` and `openapi`.
    public static let withEmbeddedBlocks = RuleSet(RuleSet.core.rules + [SQLBlockRule(), YAMLBlockRule(), JSONBlockRule(), OpenAPIBlockRule()])
}
