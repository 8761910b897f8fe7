/// The table of contents must list the headings, in order, with GitHub's anchors.
struct TableOfContentsRule: Rule {
    let descriptor = RuleDescriptor(id: "toc", severity: .warning, summary: "table of contents disagrees with the headings",
                                    help: "List every heading in order with its GitHub anchor (`[Title](#title)`); the automatic fix regenerates the table of contents.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        guard let toc = TableOfContents(context.spec), !toc.entries.isEmpty else { return [] }
        let sections = context.spec.outline.sections
        let anchors = context.spec.outline.sectionAnchors()
        let byAnchor = Dictionary(sections.indices.map { (anchors[$0], $0) }, uniquingKeysWith: { first, _ in first })
        // Headings by text, in order: with the same text GitHub numbers the later ones (#name-1, #name-2).
        let byTitle = Dictionary(grouping: sections.indices, by: { sections[$0].title })
        var placeAmongSameTitle = [Int](repeating: 0, count: sections.count)
        for headings in byTitle.values { for (place, index) in headings.enumerated() { placeAmongSameTitle[index] = place } }
        var findings: [RuleFinding] = []
        var linked: [Int] = []
        var linkedSet: Set<Int> = []
        let line = { (index: Int) in context.document.location(sections[index].heading.range.lowerBound).line }
        // Where to go on looking, per heading, for a later one with its text that no entry links:
        // links only accumulate, so the search resumes where it stopped (no rescan per entry).
        var searchFrom: [Int: Int] = [:]
        func nextUnlinked(after index: Int) -> Int? {
            guard let headings = byTitle[sections[index].title] else { return nil }
            var position = searchFrom[index] ?? placeAmongSameTitle[index] + 1
            while position < headings.count && linkedSet.contains(headings[position]) { position += 1 }
            searchFrom[index] = position
            return position < headings.count ? headings[position] : nil
        }
        for entry in toc.entries {
            guard let index = byAnchor[entry.anchor] else {
                var message = "entry '\(entry.text)' links to #\(entry.anchor), which no heading has"
                if let named = byTitle[entry.text]?.first { message += "; the heading '\(sections[named].title)' is #\(anchors[named])" }
                findings.append(RuleFinding(message, at: entry.range))
                continue
            }
            // A second entry with the first heading's anchor lands on the first heading.
            if linkedSet.contains(index), let later = nextUnlinked(after: index) {
                findings.append(RuleFinding(
                    "entry '\(entry.text)' links to #\(entry.anchor), the first heading '\(sections[index].title)' (line \(line(index))), which an earlier entry already links; "
                        + "the heading with the same text on line \(line(later)) is #\(anchors[later])", at: entry.range))
                linked.append(later)
                linkedSet.insert(later)
                continue
            }
            linked.append(index)
            linkedSet.insert(index)
            if sections[index].title != entry.text {
                findings.append(RuleFinding("entry '\(entry.text)' links to #\(entry.anchor), whose heading is '\(sections[index].title)'", at: entry.range))
            }
        }
        if let outOfOrder = zip(linked, linked.dropFirst()).first(where: { $0.0 > $0.1 }), let entry = toc.entries.first(where: { byAnchor[$0.anchor] == outOfOrder.1 }) {
            findings.append(RuleFinding("entry '\(entry.text)' is out of order: its heading comes before '\(sections[outOfOrder.0].title)'", at: entry.range))
        }
        let levels = Set(linked.map { sections[$0].level })
        let tocHeading = sections[toc.sectionIndex].heading.range
        // Headings above the table of contents (the title, whatever its level; a preface) are not
        // what it lists.
        for (index, section) in sections.enumerated() where index > toc.sectionIndex && levels.contains(section.level) && !linkedSet.contains(index) {
            findings.append(RuleFinding("heading '\(section.title)' (line \(line(index))) is missing from the table of contents", at: tocHeading))
        }
        return findings
    }
}
