/// Date fields (Created, Last Updated, Date) must be valid ISO 8601 calendar dates.
public struct DateFormatRule: Rule {
    public let id = "date-format"
    public let defaultSeverity = Severity.error
    public let summary = "date field is not a valid YYYY-MM-DD date"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        let dateKeys = Set(context.schema?.fields.filter { $0.kind == .date }.map { $0.key.lowercased() } ?? [])
        return context.spec.metadata.compactMap { field in
            let isDate = dateKeys.contains(field.key.lowercased()) || [.created, .lastUpdated, .date].contains(field.role)
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
