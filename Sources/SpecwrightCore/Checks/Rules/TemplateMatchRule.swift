/// Reports how the spec's template was chosen: an unknown marker (error), no match at all
/// (warning), or a match inferred without a marker (info, the rule's default).
struct TemplateMatchRule: Rule {
    let descriptor = RuleDescriptor(id: "template", severity: .info, summary: "which template the spec is checked against, when it is not named by a marker",
                                    help: "Name the template with a marker comment (`<!-- specwright:template feature-spec -->`) so the check does not have to guess; an unknown name in a marker is an error.")

    func setsFindingSeverity(_ context: RuleContext) -> Bool { true }

    func check(_ context: RuleContext) -> [RuleFinding] {
        switch context.templateChoice {
        case .inferred(let name, let score):
            let percent = Int((score * 100).rounded())
            return [RuleFinding("no template marker; checked against '\(name)' (\(percent)% of its sections found); add \(TemplateMarker.line(for: name)) to make it explicit", at: nil)]
        case .none:
            return [RuleFinding("no template marker and no known template matches; only generic checks ran", at: nil, severity: .warning)]
        case .unknown(let name):
            return [RuleFinding("template marker names unknown template '\(name)'; only generic checks ran", at: context.spec.templateMarker?.range, severity: .error)]
        case .marker, .explicit:
            return []
        }
    }
}
