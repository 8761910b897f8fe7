/// Created must not be later than Last Updated.
public struct DateOrderRule: Rule {
    public let id = "date-order"
    public let defaultSeverity = Severity.error
    public let summary = "Created is later than Last Updated"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        guard let created = context.spec.field(.created), let updated = context.spec.field(.lastUpdated),
              let createdDate = SpecValues.isoDate(created.value), let updatedDate = SpecValues.isoDate(updated.value) else { return [] }
        guard (createdDate.year, createdDate.month, createdDate.day) > (updatedDate.year, updatedDate.month, updatedDate.day) else { return [] }
        return [RuleFinding("'\(created.key)' (\(created.value)) is later than '\(updated.key)' (\(updated.value))", at: updated.valueRange)]
    }
}
