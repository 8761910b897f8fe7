/// A spec's table of contents: the section titled "Table of Contents" (or "Contents") and the
/// `#anchor` links listed in it.
public struct TableOfContents: Sendable {
    public struct Entry: Sendable, Equatable {
        public var text: String
        /// The anchor without `#`.
        public var anchor: String
        /// The link's byte range.
        public var range: Range<Int>
    }

    /// Index of the TOC section in the outline.
    public var sectionIndex: Int
    public var entries: [Entry]

    static let titles: Set<String> = ["table of contents", "contents", "toc"]

    /// Finds the table of contents, if the spec has one.
    public init?(_ spec: Spec) {
        guard let index = spec.outline.sections.firstIndex(where: { Self.titles.contains($0.key) }) else { return nil }
        sectionIndex = index
        var entries: [Entry] = []
        for block in spec.outline.sections[index].body { Self.collect(block, spec.document, &entries) }
        self.entries = entries
    }

    private static func collect(_ block: Block, _ document: MarkdownDocument, _ entries: inout [Entry]) {
        switch block.kind {
        case .paragraph:
            for inline in document.inlines(of: block) { collectLinks(inline, &entries) }
        case .list, .listItem:
            for child in block.children { collect(child, document, &entries) }
        default:
            break
        }
    }

    private static func collectLinks(_ inline: Inline, _ entries: inout [Entry]) {
        if case .link(let destination, _) = inline.kind, destination.hasPrefix("#") {
            entries.append(Entry(text: inline.children.map(\.plainText).joined().trimmingSpaces, anchor: String(destination.dropFirst()), range: inline.range))
            return
        }
        for child in inline.children { collectLinks(child, &entries) }
    }
}
