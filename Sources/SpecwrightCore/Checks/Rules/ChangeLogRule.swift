/// The change log's newest entry must agree with the header's version and last-updated date.
struct ChangeLogRule: Rule {
    let descriptor = RuleDescriptor(id: "changelog", severity: .warning, summary: "change log's newest entry disagrees with the header",
                                    help: "Add a change-log row for the header's version and date, or set the header's Version and Last Updated to the newest row (the automatic fix does the latter).")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let log = ChangeLogTable(context.spec, schema: context.schema), let newest = log.newest else { return [] }
        var findings: [RuleFinding] = []
        let versionCell = newest.row.cells[log.versionColumn]
        if let version = context.spec.field(.version), SpecValues.isVersion(version.value),
           SpecValues.compareVersions(version.value, newest.version) != 0 {
            findings.append(RuleFinding("change log's newest entry is version \(newest.version), but '\(version.key)' is \(version.value)", at: versionCell))
        }
        if let updated = context.spec.field(.lastUpdated) ?? context.spec.field(.date), SpecValues.isoDate(updated.value) != nil,
           SpecValues.isoDate(newest.date) != nil, updated.value != newest.date {
            findings.append(RuleFinding("change log's newest entry (\(newest.version)) is dated \(newest.date), but '\(updated.key)' is \(updated.value)", at: newest.row.cells[log.dateColumn]))
        }
        return findings
    }
}
