/// The spec's `#` title must follow the template's title pattern and fill its placeholder.
struct TitleRule: Rule {
    let descriptor = RuleDescriptor(id: "title", severity: .warning, summary: "title missing or not following the template's title pattern",
                                    help: "Start the spec with one `#` heading that follows the template's title pattern, with its placeholder replaced.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let pattern = context.schema?.title else { return [] }
        guard let title = context.spec.title, let heading = context.spec.outline.title else {
            return [RuleFinding("spec has no '# ' title; the template's is '\(pattern.display)'", at: nil)]
        }
        if let placeholder = pattern.placeholder, title.contains(placeholder) {
            // A bracketed placeholder is the placeholder rule's to report; any other form is this rule's.
            if placeholder.hasPrefix("[") { return [] }
            return [RuleFinding("title '\(title)' still has the template's placeholder '\(placeholder)'", at: heading.range)]
        }
        guard !pattern.matches(title) else { return [] }
        return [RuleFinding("title '\(title)' does not follow the template's pattern '\(pattern.display)'", at: heading.range)]
    }
}
