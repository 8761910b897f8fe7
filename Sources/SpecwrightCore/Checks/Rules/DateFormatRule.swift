/// Date fields (Created, Last Updated, Date) must be valid ISO 8601 calendar dates.
struct DateFormatRule: Rule {
    let descriptor = RuleDescriptor(id: "date-format", severity: .error, summary: "date field is not a valid YYYY-MM-DD date",
                                    help: "Write dates as YYYY-MM-DD (ISO 8601), for example 2026-03-04; a template placeholder such as [YYYY-MM-DD] must be replaced with a real date.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        let dateKeys = Set(context.schema?.fields.filter { $0.valueKind == .date }.map { $0.key.lowercased() } ?? [])
        return context.spec.metadata.compactMap { field in
            let isDate = dateKeys.contains(field.key.lowercased()) || [.created, .lastUpdated, .date].contains(field.kind)
            guard isDate, !field.value.isEmpty, !Self.isPlaceholder(field.value) else { return nil }
            guard SpecValues.isoDate(field.value) == nil else { return nil }
            return RuleFinding("'\(field.key)' is '\(field.value)', not a valid date in YYYY-MM-DD form", at: field.valueRange)
        }
    }

    /// Placeholders are the placeholder rule's to report.
    static func isPlaceholder(_ value: String) -> Bool {
        value.contains("YYYY") || (value.hasPrefix("[") && value.hasSuffix("]"))
    }
}
