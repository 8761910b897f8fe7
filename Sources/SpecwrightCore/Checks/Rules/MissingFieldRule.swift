/// Every header field the template declares must be present, unless it marks the field optional.
struct MissingFieldRule: Rule {
    let descriptor = RuleDescriptor(id: "missing-field", severity: .error, summary: "header field the template declares is missing",
                                    help: "Add the header field as the template writes it (`**Key**: value`), near the other header fields.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let schema = context.schema else { return [] }
        let anchor = context.spec.outline.title?.range ?? (context.spec.outline.sections.first?.heading.range)
        return schema.fields.compactMap { field in
            guard !field.optional, context.spec.field(named: field.key) == nil else { return nil }
            let written = field.fromFrontMatter ? "front-matter field '\(field.key):'" : "header field '**\(field.key)**:'"
            return RuleFinding("missing \(written) (the template has '\(field.templateValue)')", at: anchor)
        }
    }
}
