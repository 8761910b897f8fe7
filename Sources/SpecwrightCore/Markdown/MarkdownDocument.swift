/// A parsed Markdown file: the exact source bytes plus the block tree that points into them.
///
/// The document is lossless by construction: ``bytes`` are the input, unchanged, and every node
/// refers to them by range. Edits go through ``applying(_:)`` as byte splices, so they touch only
/// their own bytes and everything else (line endings, tabs, table alignment) is left alone.
///
/// ```swift
/// let doc = MarkdownDocument(parsing: "# Title\r\n\r\nText  \r\n")
/// doc.bytes == Array("# Title\r\n\r\nText  \r\n".utf8)   // true
/// doc.headings.first?.text                              // "Title"
/// ```
public struct MarkdownDocument: Sendable {
    public let source: SourceText
    /// The root block (kind ``BlockKind/document``).
    public let root: Block

    /// Parses UTF-8 bytes. Invalid UTF-8 is tolerated (it reads as U+FFFD wherever text is decoded).
    ///
    /// - Parameters:
    ///   - frontMatter: whether a leading `---` … `---` block is YAML front matter (plain
    ///     CommonMark would read it as a thematic break and a setext heading).
    ///   - extendedAutolinks: whether bare `www.`, URL and e-mail addresses are links, as on GitHub
    ///     (GFM; plain CommonMark leaves them text).
    public init(bytes: [UInt8], frontMatter: Bool = true, extendedAutolinks: Bool = true) {
        let source = SourceText(bytes)
        self.source = source
        self.extendedAutolinks = extendedAutolinks
        let root = BlockParser(source: source, frontMatter: frontMatter).parse()
        self.root = root
        var references: [String: LinkReference] = [:]
        Self.collectReferences(root, into: &references)
        self.linkReferences = references
    }

    /// Parses a string.
    public init(parsing text: String, frontMatter: Bool = true, extendedAutolinks: Bool = true) {
        self.init(bytes: Array(text.utf8), frontMatter: frontMatter, extendedAutolinks: extendedAutolinks)
    }

    /// Whether inline parsing links bare addresses (GFM extended autolinks).
    public let extendedAutolinks: Bool

    /// The exact bytes the document was parsed from.
    public var bytes: [UInt8] { source.bytes }

    /// The document's text (a BOM is kept as U+FEFF).
    public var text: String { String(decoding: source.bytes, as: UTF8.self) }

    /// Top-level blocks.
    public var blocks: [Block] { root.children }

    /// Resolves a byte range of this document to lines and columns.
    public func sourceRange(_ bytes: Range<Int>) -> SourceRange { source.range(of: bytes) }

    /// Resolves a byte offset to a line and column.
    public func location(_ offset: Int) -> SourceLocation { source.location(ofOffset: offset) }

    /// The raw text of a byte range.
    public func string(_ range: Range<Int>) -> String { source.string(range) }

    /// The link reference definitions of the document, keyed by normalised label (first wins).
    public let linkReferences: [String: LinkReference]

    private static func collectReferences(_ block: Block, into references: inout [String: LinkReference]) {
        if case .linkReferenceDefinition(let reference) = block.kind, references[reference.normalizedLabel] == nil {
            references[reference.normalizedLabel] = reference
        }
        for child in block.children { collectReferences(child, into: &references) }
    }

    /// Visits every block depth-first in document order. Return false to skip a block's children.
    public func walk(_ visit: (Block, _ depth: Int) -> Bool) {
        func visitChildren(of block: Block, depth: Int) {
            for child in block.children where visit(child, depth) {
                visitChildren(of: child, depth: depth + 1)
            }
        }
        visitChildren(of: root, depth: 0)
    }
}
