/// Template text the author has not replaced yet. A warning while the spec is a draft; past draft,
/// one left in a section the template requires is an error (the review gate would have refused it),
/// unless the move to review was forced: then it stays a warning that names the waiver.
struct PlaceholderRule: Rule {
    let descriptor = RuleDescriptor(id: "placeholder", severity: .warning, summary: "unfilled template placeholder",
                                    help: "Replace the template's placeholder text with the spec's own content; in a section that does not apply, say why instead of leaving the placeholder.")

    /// Whether placeholders in required sections are errors past draft (off when the
    /// `review.no-placeholders-in-required-sections` gate is).
    var escalatesPastDraft = true

    func setsFindingSeverity(_ context: RuleContext) -> Bool { escalatesPastDraft && context.isPastDraft }

    func check(_ context: RuleContext) -> [RuleFinding] {
        let required = escalatesPastDraft && context.isPastDraft ? Set(context.placeholdersInRequiredSections().map(\.placeholder.range.lowerBound)) : []
        let waiver = required.isEmpty ? nil : context.waiver(for: .review)
        return context.placeholders.map { placeholder in
            guard required.contains(placeholder.range.lowerBound) else { return RuleFinding(Self.message(placeholder), at: placeholder.range) }
            if let waiver {
                return RuleFinding(Self.message(placeholder) + " (a required section; the review gate was waived by the forced move \(waiver))", at: placeholder.range, severity: .warning)
            }
            return RuleFinding(Self.message(placeholder) + " (in a required section of a spec past draft)", at: placeholder.range, severity: .error)
        }
    }

    static func message(_ placeholder: Placeholder) -> String {
        switch placeholder.kind {
        case .bracket: "unfilled placeholder \(placeholder.text)"
        case .token: "template variable \(placeholder.text) not replaced"
        case .marker: "\(placeholder.text) left in the text"
        case .datePattern: "date placeholder \(placeholder.text) not replaced"
        case .choice: "'\(placeholder.text)' lists the template's options; choose one"
        case .sample: "'\(placeholder.text)' is the template's sample value; replace it"
        }
    }
}
