/// The safe, idempotent fixes of `check --fix`:
/// - regenerate the table of contents from the headings (keeping its list style);
/// - set Version and Last Updated from the change log's newest entry where they disagree;
/// - pad table rows that have fewer cells than their header.
///
/// Fixes other than the header sync are recorded like any change (next version, Last Updated,
/// a change-log row); a second run finds nothing to do and changes nothing.
public struct SpecFixer: Sendable {
    public let template: Template?
    public let recorder: ChangeRecorder

    public init(template: Template?, recorder: ChangeRecorder) {
        self.template = template
        self.recorder = recorder
    }

    public func fix(_ spec: Spec) -> SpecEdit {
        let document = spec.document
        var edits: [ByteEdit] = []
        var fixed: [String] = []
        if let edit = tableOfContentsEdit(spec) {
            edits.append(edit)
            fixed.append("table of contents")
        }
        let padding = paddingEdits(spec)
        if !padding.isEmpty {
            edits += padding
            fixed.append("padded \(padding.count) table row\(padding.count == 1 ? "" : "s")")
        }
        if !fixed.isEmpty {
            let change = "Fixed: " + fixed.joined(separator: "; ")
            let bytes = ByteEdit.apply(edits + recorder.edits(for: spec, schema: template?.schema, change: change, reason: "automatic fix"), to: document.bytes)
            return SpecEdit(bytes: bytes, summary: change, changed: true)
        }
        let sync = headerSyncEdits(spec)
        guard !sync.isEmpty else { return SpecEdit(bytes: document.bytes, summary: "nothing to fix", changed: false) }
        return SpecEdit(bytes: ByteEdit.apply(sync, to: document.bytes), summary: "Fixed: header version and date from the change log", changed: true)
    }

    /// The header's Version and Last Updated set to the change log's newest entry.
    func headerSyncEdits(_ spec: Spec) -> [ByteEdit] {
        guard let newest = ChangeLogTable(spec, schema: template?.schema)?.newest else { return [] }
        var edits: [ByteEdit] = []
        if let version = spec.field(.version), SpecValues.isVersion(newest.version), SpecValues.compareVersions(version.value, newest.version) != 0 {
            edits.append(ByteEdit(range: version.valueRange, with: newest.version))
        }
        if let updated = spec.field(.lastUpdated) ?? spec.field(.date), SpecValues.isoDate(newest.date) != nil, updated.value != newest.date {
            edits.append(ByteEdit(range: updated.valueRange, with: newest.date))
        }
        return edits
    }

    func paddingEdits(_ spec: Spec) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        let document = spec.document
        document.walk { block, _ in
            guard case .table(let table) = block.kind else { return true }
            let columns = table.header.cells.count
            for row in table.rows where row.cells.count < columns {
                let missing = columns - row.cells.count
                let endsWithPipe = document.string(row.range).hasSuffix("|")
                edits.append(.insert(String(repeating: endsWithPipe ? "  |" : " |", count: missing), at: row.range.upperBound))
            }
            return false
        }
        return edits
    }

    /// A new table of contents list when the current one disagrees with the headings.
    func tableOfContentsEdit(_ spec: Spec) -> ByteEdit? {
        guard let toc = TableOfContents(spec), !toc.entries.isEmpty else { return nil }
        let outline = spec.outline
        let sections = outline.sections
        guard let list = sections[toc.sectionIndex].body.first(where: { if case .list = $0.kind { return true } else { return false } }),
              case .list(let info) = list.kind else { return nil }
        let anchors = outline.sectionAnchors()
        let byAnchor = Dictionary(sections.indices.map { (anchors[$0], $0) }, uniquingKeysWith: { first, _ in first })
        var levels = Set(toc.entries.compactMap { byAnchor[$0.anchor] }.map { sections[$0].level })
        if levels.isEmpty { levels = [2] }
        let top = levels.min() ?? 2
        let document = spec.document
        let newline = document.source.preferredLineEnding
        let bullet = info.ordered ? nil : String(UnicodeScalar(info.delimiter))
        var counters: [Int: Int] = [:]
        var lines: [String] = []
        for (index, section) in sections.enumerated() where levels.contains(section.level) && index != toc.sectionIndex {
            let depth = section.level - top
            counters[section.level, default: 0] += 1
            for deeper in (section.level + 1)...7 { counters[deeper] = 0 }
            let marker = bullet.map { "\($0) " } ?? "\(counters[section.level]!)\(String(UnicodeScalar(info.delimiter))) "
            let indent = String(repeating: " ", count: depth * (info.ordered ? 3 : 2))
            let title = section.title.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
            lines.append(indent + marker + "[\(title)](#\(anchors[index]))")
        }
        let replacement = lines.joined(separator: newline)
        let current = document.string(list.range)
        guard replacement != current else { return nil }
        // Only rewrite when the entries actually disagree (the rule's findings), not for style.
        let findings = TableOfContentsRule().check(RuleContext(spec: spec, template: template, templateChoice: .none))
        guard !findings.isEmpty else { return nil }
        return ByteEdit(range: list.range, with: replacement)
    }
}
