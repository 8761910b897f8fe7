/// Open checklist items, for information.
struct UncheckedItemRule: Rule {
    let descriptor = RuleDescriptor(id: "unchecked-item", severity: .info, summary: "checklist item not ticked",
                                    help: "Tick the item when it is done; the lifecycle gates require the review and implementation checklists to be complete.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        TaskItems.collect(in: context.document).filter { !$0.checked }.map {
            RuleFinding("unchecked: \($0.text)", at: $0.checkbox)
        }
    }

    func count(_ context: RuleContext) -> Int {
        func unchecked(_ block: Block) -> Int {
            var total = 0
            if case .listItem(let info) = block.kind, let task = info.task, !task.checked { total += 1 }
            for child in block.children { total += unchecked(child) }
            return total
        }
        return context.document.blocks.reduce(0) { $0 + unchecked($1) }
    }
}
