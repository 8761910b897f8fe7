/// Template text the author has not replaced yet.
struct PlaceholderRule: Rule {
    let descriptor = RuleDescriptor(id: "placeholder", severity: .warning, summary: "unfilled template placeholder",
                                    help: "Replace the template's placeholder text with the spec's own content; in a section that does not apply, say why instead of leaving the placeholder.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        context.placeholders.map { placeholder in
            switch placeholder.kind {
            case .bracket: RuleFinding("unfilled placeholder \(placeholder.text)", at: placeholder.range)
            case .token: RuleFinding("template variable \(placeholder.text) not replaced", at: placeholder.range)
            case .datePattern: RuleFinding("date placeholder \(placeholder.text) not replaced", at: placeholder.range)
            case .choice: RuleFinding("'\(placeholder.text)' lists the template's options; choose one", at: placeholder.range)
            case .sample: RuleFinding("'\(placeholder.text)' is the template's sample value; replace it", at: placeholder.range)
            }
        }
    }
}
