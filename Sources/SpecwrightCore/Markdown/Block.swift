/// A block-level node of a Markdown document: an immutable node pointing into the source bytes.
///
/// `range` spans the node's first byte (its marker, for containers) to the end of its last line,
/// line ending excluded. Leaf blocks keep their content as ``lines``: one byte span per source line
/// with container prefixes (`> `, list indentation) already stripped, which is what inline parsing,
/// rules and edits work from.
///
/// ```swift
/// let doc = MarkdownDocument(parsing: "# Hello\n\n- [ ] task\n")
/// doc.blocks[0].kind          // .heading(level: 1, setext: false)
/// doc.blocks[1].children[0]   // the list item, with .task(checked: false, ...)
/// ```
///
/// Blocks are immutable reference types: a tree is shared, never copied, as rules walk it.
public final class Block: Sendable {
    public let kind: BlockKind
    /// Byte range in the source.
    public let range: Range<Int>
    /// 0-based index of the first and last source line the block touches.
    public let lineSpan: ClosedRange<Int>
    /// Child blocks (containers only).
    public let children: [Block]
    /// Content lines (leaf blocks only).
    public let lines: [LineSpan]

    public init(kind: BlockKind, range: Range<Int>, lineSpan: ClosedRange<Int>, children: [Block] = [], lines: [LineSpan] = []) {
        self.kind = kind
        self.range = range
        self.lineSpan = lineSpan
        self.children = children
        self.lines = lines
    }
}

/// One line of a leaf block's content.
public struct LineSpan: Sendable, Hashable {
    /// Content bytes on this line, after container prefixes and (for paragraphs) leading indentation.
    public var range: Range<Int>
    /// Columns of a tab that a container prefix consumed only partly; they read as spaces.
    public var virtualSpaces: Int

    public init(range: Range<Int>, virtualSpaces: Int = 0) {
        self.range = range
        self.virtualSpaces = virtualSpaces
    }
}

/// What kind of block a ``Block`` is, with the facts the parser established about it.
public enum BlockKind: Sendable, Equatable {
    case document
    /// YAML front matter between `---` lines at the very top of the file.
    case frontMatter
    case heading(level: Int, setext: Bool)
    case paragraph
    case blockQuote
    case list(ListInfo)
    case listItem(ListItemInfo)
    case codeBlock(CodeBlockInfo)
    case htmlBlock(kind: Int)
    case thematicBreak
    case table(TableInfo)
    case linkReferenceDefinition(LinkReference)

    /// A short name for tree dumps and messages.
    public var name: String {
        switch self {
        case .document: "document"
        case .frontMatter: "front_matter"
        case .heading: "heading"
        case .paragraph: "paragraph"
        case .blockQuote: "block_quote"
        case .list: "list"
        case .listItem: "item"
        case .codeBlock: "code_block"
        case .htmlBlock: "html_block"
        case .thematicBreak: "thematic_break"
        case .table: "table"
        case .linkReferenceDefinition: "link_reference_definition"
        }
    }
}

/// Facts about a list.
public struct ListInfo: Sendable, Equatable {
    public var ordered: Bool
    /// The first number of an ordered list.
    public var start: Int
    /// `-`, `+`, `*` for bullets; `.` or `)` for ordered lists.
    public var delimiter: UInt8
    public var tight: Bool
}

/// Facts about a list item.
public struct ListItemInfo: Sendable, Equatable {
    /// Byte range of the marker (`-`, `12.`).
    public var marker: Range<Int>
    /// The GFM task checkbox, when the item starts with `[ ]` or `[x]`.
    public var task: TaskMarker?
}

/// A GFM task list checkbox.
public struct TaskMarker: Sendable, Equatable {
    public var checked: Bool
    /// Byte range of the three characters `[ ]`.
    public var range: Range<Int>
}

/// Facts about a code block.
public struct CodeBlockInfo: Sendable, Equatable {
    public var fenced: Bool
    /// The info string's raw bytes (empty for indented code).
    public var info: Range<Int>?
    /// The fence character and length (fenced code only).
    public var fenceCharacter: UInt8
    public var fenceLength: Int
    /// Whether a closing fence was found before the container ended.
    public var closed: Bool
}

/// Facts about a GFM table.
public struct TableInfo: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case unspecified, left, center, right }
    public var alignments: [Alignment]
    /// Header row, delimiter row, then body rows.
    public var header: TableRow
    public var delimiter: TableRow
    public var rows: [TableRow]
}

/// A row of a GFM table: its line and its cells' trimmed contents.
public struct TableRow: Sendable, Equatable {
    public var range: Range<Int>
    /// 0-based source line.
    public var line: Int
    /// Each cell's content, trimmed of surrounding spaces (an empty range where a cell is blank).
    public var cells: [Range<Int>]
}

/// A link reference definition `[label]: destination "title"`.
public struct LinkReference: Sendable, Equatable {
    /// The label normalised for matching (case-folded, whitespace collapsed).
    public var normalizedLabel: String
    public var destination: String
    public var title: String?
}
