/// Created must not be later than Last Updated.
struct DateOrderRule: Rule {
    let descriptor = RuleDescriptor(id: "date-order", severity: .error, summary: "Created is later than Last Updated",
                                    help: "Created is the day the spec was started and Last Updated the day of its latest change, so Created cannot be later; correct whichever is wrong.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let created = context.spec.field(.created), let updated = context.spec.field(.lastUpdated),
              let createdDate = SpecValues.isoDate(created.value), let updatedDate = SpecValues.isoDate(updated.value) else { return [] }
        guard (createdDate.year, createdDate.month, createdDate.day) > (updatedDate.year, updatedDate.month, updatedDate.day) else { return [] }
        return [RuleFinding("'\(created.key)' (\(created.value)) is later than '\(updated.key)' (\(updated.value))", at: updated.valueRange)]
    }
}
