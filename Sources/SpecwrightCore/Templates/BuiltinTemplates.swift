/// The templates that ship inside the binary: the two seed templates Specwright was created from.
public enum BuiltinTemplates {
    /// Name, one-line description and exact text of each built-in template.
    public static let all: [(name: String, summary: String, bytes: [UInt8])] = [
        ("feature-spec", "Feature implementation spec: architecture, data model, API, rollout checklists and change log", PackageResources.feature_spec_md),
        ("system-design", "System design spec: scope, phased plan, risks and a review and sign-off table", PackageResources.system_design_md),
    ]
}
