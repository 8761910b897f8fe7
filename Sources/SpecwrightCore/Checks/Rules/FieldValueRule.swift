/// A field with alternatives in the template (`DRAFT | IN_REVIEW | …`) must hold exactly one of them.
struct FieldValueRule: Rule {
    let descriptor = RuleDescriptor(id: "field-value", severity: .error, summary: "header field value not among the template's allowed values",
                                    help: "Choose exactly one of the values the template lists for this field (for a status, the lifecycle commands set it for you).")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let schema = context.schema else { return [] }
        var findings: [RuleFinding] = []
        for field in schema.fields {
            guard let allowed = field.allowedValues, let value = context.spec.field(named: field.key) else { continue }
            guard !allowed.contains(value.value) else { continue }
            let list = allowed.joined(separator: ", ")
            if value.value == field.templateValue {
                findings.append(RuleFinding("'\(field.key)' still lists the template's alternatives; choose one of \(list)", at: value.valueRange))
            } else if value.value.isEmpty {
                findings.append(RuleFinding("'\(field.key)' is empty; expected one of \(list)", at: value.lineRange))
            } else {
                findings.append(RuleFinding("'\(field.key)' is '\(value.value)'; expected one of \(list)", at: value.valueRange))
            }
        }
        return findings
    }
}
