/// A Markdown file read as a spec: its document, outline, header metadata and template marker.
///
/// ```swift
/// let spec = Spec(document: MarkdownDocument(parsing: text), path: "specs/payment-retries.md")
/// spec.field(.status)?.value        // "DRAFT"
/// spec.templateMarker?.name         // "feature-spec"
/// ```
public struct Spec: Sendable {
    public let path: String
    public let document: MarkdownDocument
    public let outline: Outline
    /// Header fields in document order: front matter first, then `**Key**: value` lines before the first section.
    public let metadata: [MetadataField]
    public let templateMarker: TemplateMarker?

    public init(document: MarkdownDocument, path: String) {
        self.path = path
        self.document = document
        let outline = Outline(document)
        self.outline = outline
        var fields: [MetadataField] = []
        let bytes = document.bytes
        for block in document.blocks {
            guard case .frontMatter = block.kind else { continue }
            fields += block.lines.compactMap { MetadataField.parseFrontMatter(line: $0.range, in: bytes) }
        }
        var marker: TemplateMarker?
        for block in outline.header {
            switch block.kind {
            case .paragraph:
                fields += block.lines.compactMap { MetadataField.parse(line: $0.range, in: bytes) }
            case .htmlBlock:
                if marker == nil { marker = TemplateMarker.find(in: block, bytes: bytes) }
            default:
                break
            }
        }
        self.metadata = fields
        self.templateMarker = marker
    }

    /// Parses `bytes` as a spec.
    public init(bytes: [UInt8], path: String) {
        self.init(document: MarkdownDocument(bytes: bytes), path: path)
    }

    /// The first field of `kind`.
    public func field(_ kind: MetadataField.Kind) -> MetadataField? {
        metadata.first { $0.kind == kind }
    }

    /// The field whose key matches `key`, ignoring case.
    public func field(named key: String) -> MetadataField? {
        let wanted = key.lowercased()
        return metadata.first { $0.key.lowercased() == wanted || $0.key.replacingUnderscores.lowercased() == wanted }
    }

    /// The spec's title: the first level-1 heading's text.
    public var title: String? { outline.titleText }
}

/// The visible, harmless note that records which template a spec came from:
/// `<!-- specwright:template feature-spec -->`, an HTML comment that renders as nothing.
public struct TemplateMarker: Sendable, Equatable {
    public var name: String
    public var range: Range<Int>

    static let prefix = "specwright:template"

    /// The marker line for a template name.
    public static func line(for name: String) -> String { "<!-- \(prefix) \(name) -->" }

    static func find(in block: Block, bytes: [UInt8]) -> TemplateMarker? {
        for line in block.lines {
            let text = decode(bytes, line.range)
            guard let found = text.range(of: prefix) else { continue }
            let rest = text[found.upperBound...]
            let name = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            let cleaned = name.hasSuffix("-->") ? String(name.dropLast(3)) : name
            guard !cleaned.isEmpty else { continue }
            return TemplateMarker(name: cleaned, range: line.range)
        }
        return nil
    }
}
