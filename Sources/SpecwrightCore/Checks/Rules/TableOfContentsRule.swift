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
        let line = { (index: Int) in context.document.location(sections[index].heading.range.lowerBound).line }
        for entry in toc.entries {
            guard let index = byAnchor[entry.anchor] else {
                var message = "entry '\(entry.text)' links to #\(entry.anchor), which no heading has"
                if let named = sections.firstIndex(where: { $0.title == entry.text }) { message += "; the heading '\(sections[named].title)' is #\(anchors[named])" }
                findings.append(RuleFinding(message, at: entry.range))
                continue
            }
            // Headings with the same text: GitHub numbers the later ones (#name-1, #name-2), so a
            // second entry with the first one's anchor lands on the first heading.
            if linked.contains(index), let later = sections.indices.first(where: { $0 > index && sections[$0].title == sections[index].title && !linked.contains($0) }) {
                findings.append(RuleFinding(
                    "entry '\(entry.text)' links to #\(entry.anchor), the first heading '\(sections[index].title)' (line \(line(index))), which an earlier entry already links; "
                        + "the heading with the same text on line \(line(later)) is #\(anchors[later])", at: entry.range))
                linked.append(later)
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
        // Headings above the table of contents (the title, whatever its level; a preface) are not
        // what it lists.
        for (index, section) in sections.enumerated() where index > toc.sectionIndex && levels.contains(section.level) && !linkedSet.contains(index) {
            findings.append(RuleFinding("heading '\(section.title)' (line \(line(index))) is missing from the table of contents", at: tocHeading))
        }
        return findings
    }
}
