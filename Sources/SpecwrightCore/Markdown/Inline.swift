/// An inline node: text, code span, emphasis, link and so on, with its source byte range.
///
/// ```swift
/// let doc = MarkdownDocument(parsing: "Use `[x]` or [docs](https://x.dev).")
/// let inlines = doc.inlines(of: doc.blocks[0])
/// inlines[1].kind   // .code("[x]")
/// ```
public struct Inline: Sendable {
    public var kind: InlineKind
    /// Byte range in the document's source.
    public var range: Range<Int>
    public var children: [Inline]

    public init(kind: InlineKind, range: Range<Int>, children: [Inline] = []) {
        self.kind = kind
        self.range = range
        self.children = children
    }

    /// The text a reader sees, without markup (code spans keep their content; images their alt text).
    public var plainText: String {
        switch kind {
        case .text(let text), .code(let text): return text
        case .softBreak, .hardBreak: return " "
        case .html: return ""
        case .autolink(let destination, _): return destination
        default: return children.map(\.plainText).joined()
        }
    }
}

/// What an ``Inline`` is.
public enum InlineKind: Sendable, Equatable {
    case text(String)
    case softBreak
    case hardBreak
    case code(String)
    case emphasis
    case strong
    case strikethrough
    case link(destination: String, title: String?)
    case image(destination: String, title: String?)
    case autolink(destination: String, isEmail: Bool)
    case html(String)
}
