extension SpecEditor {
    /// Finds a section by its heading path (`["Overview", "Purpose"]`, titles compared ignoring
    /// case and numbering), or by a single title when that title is unique.
    public func section(at path: [String]) throws -> Int {
        let sections = spec.outline.sections
        let wanted = path.map(TemplateSchema.normalizeTitle)
        guard !wanted.isEmpty else { throw SpecwrightError.invalid("the heading path is empty") }
        let matches = sections.indices.filter { index in
            let keys = sections[index].path.map(TemplateSchema.normalizeTitle)
            return keys.count >= wanted.count && Array(keys.suffix(wanted.count)) == wanted
        }
        guard let first = matches.first else {
            let known = sections.prefix(60).map { $0.path.joined(separator: " > ") }.joined(separator: "; ")
            throw SpecwrightError.notFound("\(spec.path): no section '\(path.joined(separator: " > "))'; sections: \(known)")
        }
        guard matches.count == 1 else {
            let candidates = matches.map { sections[$0].path.joined(separator: " > ") }.joined(separator: "; ")
            throw SpecwrightError.invalid("\(spec.path): '\(path.joined(separator: " > "))' is ambiguous: \(candidates); give the full heading path")
        }
        return first
    }

    /// The byte range of a section's own body: after its heading line, up to its first subsection
    /// (or the next heading of its level or higher).
    public func bodyRange(ofSection index: Int) -> Range<Int> {
        let outline = spec.outline
        let section = outline.sections[index]
        let source = document.source
        let headingLastLine = source.lineIndex(ofOffset: max(section.heading.range.lowerBound, section.heading.range.upperBound - 1))
        let start = headingLastLine + 1 < source.lineCount ? source.lineStarts[headingLastLine + 1] : document.bytes.count
        let end = section.children.first.map { outline.sections[$0].heading.range.lowerBound } ?? section.range.upperBound
        return start..<max(start, end)
    }

    /// Replaces a section's own body (not its subsections) with `body`, in the file's line endings,
    /// keeping one blank line before the next heading, and optionally its heading's text (for
    /// headings that are placeholders, like `#### [Component Name]`); recorded like every change.
    public func replaceSectionBody(at path: [String], with body: String, newTitle: String? = nil) throws -> SpecEdit {
        let index = try section(at: path)
        let range = bodyRange(ofSection: index)
        var edits: [ByteEdit] = []
        let heading = spec.outline.sections[index].heading
        if let newTitle = newTitle?.trimmingSpaces, !newTitle.isEmpty, newTitle != spec.outline.sections[index].title {
            guard case .heading(_, false) = heading.kind, let line = heading.lines.first else {
                throw SpecwrightError.conflict("\(spec.path): only an ATX heading (#…) can be renamed")
            }
            edits.append(ByteEdit(range: line.range, with: newTitle))
        }
        let newline = document.source.preferredLineEnding
        var text = body.replacingOccurrences(of: "\r\n", with: "\n")
        while text.hasSuffix("\n") { text.removeLast() }
        while text.hasPrefix("\n") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\n", with: newline)
        let isLast = range.upperBound >= document.bytes.count
        let replacement = newline + (text.isEmpty ? "" : text + newline) + (isLast ? "" : newline)
        if document.string(range) != replacement { edits.append(ByteEdit(range: range, with: replacement)) }
        guard !edits.isEmpty else {
            return SpecEdit(bytes: document.bytes, summary: "section '\(spec.outline.sections[index].title)' already has that text", changed: false)
        }
        let title = spec.outline.sections[index].path.joined(separator: " > ")
        // Brackets escaped: a placeholder heading's title must not read as a placeholder in the log.
        let logged = title.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
        let bytes = recorded(edits, change: "Updated section: \(logged)", reason: nil)
        return SpecEdit(bytes: bytes, summary: "updated section '\(title)'", changed: true)
    }
}
