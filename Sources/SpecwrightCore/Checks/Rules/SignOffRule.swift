/// A Specwright sign-off whose content hash no longer matches the spec: it was edited after signing.
public struct SignOffRule: Rule {
    public let id = "signoff"
    public let defaultSeverity = Severity.error
    public let summary = "sign-off no longer matches the spec's text"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        guard let table = SignOffTable(context.spec) else { return [] }
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
            message += "; re-sign or move it back to review"
            return RuleFinding(message, at: entry.row.range)
        }
    }
}
