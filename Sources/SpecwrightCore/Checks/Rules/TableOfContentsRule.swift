/// The table of contents must list the headings, in order, with GitHub's anchors.
struct TableOfContentsRule: Rule {
    let descriptor = RuleDescriptor(id: "toc", severity: .warning, summary: "table of contents disagrees with the headings",
                                    help: "List every heading in order with its GitHub anchor (`[Title](#title)`); the automatic fix regenerates the table of contents.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let toc = TableOfContents(context.spec), !toc.entries.isEmpty else { return [] }
        let sections = context.spec.outline.sections
        let anchors = context.spec.outline.sectionAnchors()
        let byAnchor = Dictionary(sections.indices.map { (anchors[$0], $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [RuleFinding] = []
        var linked: [Int] = []
        for entry in toc.entries {
            guard let index = byAnchor[entry.anchor] else {
                var message = "entry '\(entry.text)' links to #\(entry.anchor), which no heading has"
                if let named = sections.firstIndex(where: { $0.title == entry.text }) { message += "; the heading '\(sections[named].title)' is #\(anchors[named])" }
                findings.append(RuleFinding(message, at: entry.range))
                continue
            }
            linked.append(index)
            if sections[index].title != entry.text {
                findings.append(RuleFinding("entry '\(entry.text)' links to #\(entry.anchor), whose heading is '\(sections[index].title)'", at: entry.range))
            }
        }
        if let outOfOrder = zip(linked, linked.dropFirst()).first(where: { $0.0 > $0.1 }), let entry = toc.entries.first(where: { byAnchor[$0.anchor] == outOfOrder.1 }) {
            findings.append(RuleFinding("entry '\(entry.text)' is out of order: its heading comes before '\(sections[outOfOrder.0].title)'", at: entry.range))
        }
        let levels = Set(linked.map { sections[$0].level })
        let linkedSet = Set(linked)
        let tocHeading = sections[toc.sectionIndex].heading.range
        for (index, section) in sections.enumerated() where levels.contains(section.level) && !linkedSet.contains(index) && index != toc.sectionIndex {
            findings.append(RuleFinding("heading '\(section.title)' (line \(context.document.location(section.heading.range.lowerBound).line)) is missing from the table of contents", at: tocHeading))
        }
        return findings
    }
}
