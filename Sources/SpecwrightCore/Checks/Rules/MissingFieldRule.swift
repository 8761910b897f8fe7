/// Every header field the template declares must be present.
struct MissingFieldRule: Rule {
    let descriptor = RuleDescriptor(id: "missing-field", severity: .error, summary: "header field the template declares is missing",
                                    help: "Add the header field as the template writes it (`**Key**: value`), near the other header fields.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let schema = context.schema else { return [] }
        let anchor = context.spec.outline.title?.range ?? (context.spec.outline.sections.first?.heading.range)
        return schema.fields.compactMap { field in
            context.spec.field(named: field.key) == nil
                ? RuleFinding("missing header field '**\(field.key)**:' (the template has '\(field.templateValue)')", at: anchor)
                : nil
        }
    }
}
