/// Version fields must be dotted numbers (`1`, `1.2`, `2.0.1`).
struct VersionFormatRule: Rule {
    let descriptor = RuleDescriptor(id: "version-format", severity: .error, summary: "version field is not a dotted version number",
                                    help: "Write the version as dotted numbers such as 0.1, 1.0 or 2.0.1; the lifecycle commands bump it for you.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        context.spec.metadata.compactMap { field in
            guard field.kind == .version, !field.value.isEmpty, !DateFormatRule.isPlaceholder(field.value) else { return nil }
            guard !SpecValues.isVersion(field.value) else { return nil }
            return RuleFinding("'\(field.key)' is '\(field.value)', not a version such as 1.0 or 2.3.1", at: field.valueRange)
        }
    }
}
