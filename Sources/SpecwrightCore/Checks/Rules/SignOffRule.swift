/// A Specwright sign-off whose content hash no longer matches the spec: it was edited after signing.
///
/// Reported while the spec is approved or implemented, where the sign-offs vouch for the text; a
/// spec moved back to draft or review is being revised, and is signed again on its way to approval.
struct SignOffRule: Rule {
    let descriptor = RuleDescriptor(id: "signoff", severity: .error, summary: "sign-off no longer matches the spec's text",
                                    help: "The text changed after this sign-off was recorded. Ask the signer to review the change and sign again, or undo the change.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let table = SignOffTable(context.spec) else { return [] }
        if let statuses = context.schema?.statuses, !statuses.isEmpty, let status = context.spec.field(.status)?.value {
            let machine = StatusMachine(statuses: statuses)
            guard let resolved = machine.resolve(status), [.approved, .implemented].contains(machine.stage(of: resolved)) else { return [] }
        }
        let signed = table.entries.filter { $0.signedHash != nil }
        guard !signed.isEmpty else { return [] }
        let current = NormativeContent.hash(of: context.spec)
        return signed.compactMap { entry in
            guard let hash = entry.signedHash, hash != current else { return nil }
            var message = "sign-off by \(entry.role)"
            let who = [entry.name, entry.date].filter { !$0.isEmpty }.joined(separator: ", ")
            if !who.isEmpty { message += " (\(who))" }
            message += " is stale: the spec changed after it was signed"
            if let record = table.records.first(where: { $0.hash == hash }) {
                let changed = NormativeContent.changedSections(of: context.spec, since: record)
                if !changed.isEmpty { message += "; changed since: " + changed.joined(separator: ", ") }
            }
            message += "; sign again, or move the spec back to draft to revise it"
            return RuleFinding(message, at: entry.row.range)
        }
    }
}
