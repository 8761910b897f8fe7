/// Open checklist items, for information.
public struct UncheckedItemRule: Rule {
    public let id = "unchecked-item"
    public let defaultSeverity = Severity.info
    public let summary = "checklist item not ticked"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        TaskItems.collect(in: context.document).filter { !$0.checked }.map {
            RuleFinding("unchecked: \($0.text)", at: $0.checkbox)
        }
    }
}
