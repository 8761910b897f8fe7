/// A block under construction: the parser's mutable working tree, frozen into ``Block`` values
/// once the whole document has been read.
final class ParseNode {
    enum Kind {
        case document, frontMatter, blockQuote, list, item, paragraph, heading, thematicBreak
        case codeBlock, htmlBlock, table, linkReferenceDefinition
    }

    var kind: Kind
    unowned(unsafe) var parent: ParseNode?
    var children: [ParseNode] = []
    var isOpen = true
    var lastLineBlank = false

    var start: Int
    var end: Int
    var startLine: Int
    var endLine: Int
    var lines: [LineSpan] = []

    // List and item facts.
    var ordered = false
    var listStart = 0
    var delimiter: UInt8 = 0
    var markerOffset = 0
    var padding = 0
    var marker: Range<Int> = 0..<0
    var tight = true
    var task: TaskMarker?

    // Heading facts.
    var level = 0
    var setext = false

    // Code and HTML facts.
    var fenced = false
    var fenceCharacter: UInt8 = 0
    var fenceLength = 0
    var fenceOffset = 0
    var info: Range<Int>?
    var awaitingInfo = false
    var closed = false
    var htmlKind = 0

    // Table facts (body rows are collected apart, so adding one does not copy the table).
    var table: TableInfo?
    var tableRows: [TableRow] = []

    // Link reference definition facts.
    var reference: LinkReference?

    init(kind: Kind, start: Int, line: Int) {
        self.kind = kind
        self.start = start
        self.end = start
        self.startLine = line
        self.endLine = line
    }

    var acceptsLines: Bool { kind == .paragraph || kind == .heading || kind == .codeBlock || kind == .htmlBlock || kind == .table }

    func canContain(_ child: Kind) -> Bool {
        switch kind {
        case .document, .blockQuote, .item: return child != .item
        case .list: return child == .item
        default: return false
        }
    }

    var lastChild: ParseNode? { children.last }
    /// How many blocks contain this one (the document: 0).
    var depth = 0

    func append(_ child: ParseNode) {
        child.parent = self
        child.depth = depth + 1
        children.append(child)
    }
}
