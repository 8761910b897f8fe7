/// Renders a ``MarkdownDocument`` to HTML the way the CommonMark reference renderer does.
///
/// Raw HTML in the source is escaped unless ``Options/allowRawHTML`` is set, so rendering an
/// untrusted spec is safe by default. With raw HTML allowed, GFM's tag filter still neutralises
/// `<script>`, `<iframe>` and the other disallowed tags when ``Options/tagFilter`` is set.
///
/// ```swift
/// let html = HTMLRenderer().render(MarkdownDocument(parsing: "*hi* <b>"))
/// // "<p><em>hi</em> &lt;b&gt;</p>\n"
/// ```
public struct HTMLRenderer: Sendable {
    public struct Options: Sendable {
        public var allowRawHTML: Bool
        public var tagFilter: Bool
        /// Links and images to `javascript:`, `vbscript:`, `file:` or `data:` (but for PNG, GIF,
        /// JPEG and WebP images) get an empty destination, as cmark's safe mode does.
        public var safeURLs: Bool
        /// Headings get GitHub's anchor as their `id`, so a table of contents and `#links` work.
        public var headingAnchors: Bool
        /// HTML comments (`<!-- … -->`, which hold notes and Specwright's own markers) are left out
        /// instead of shown as escaped text; a browser would not show them either.
        public var hideComments: Bool

        public init(allowRawHTML: Bool = false, tagFilter: Bool = false, safeURLs: Bool = false, headingAnchors: Bool = false, hideComments: Bool = false) {
            self.allowRawHTML = allowRawHTML
            self.tagFilter = tagFilter
            self.safeURLs = safeURLs
            self.headingAnchors = headingAnchors
            self.hideComments = hideComments
        }

        /// For text nobody vouches for, shown in a page: raw HTML escaped, dangerous URLs dropped,
        /// comments hidden, headings linkable.
        public static let untrusted = Options(safeURLs: true, headingAnchors: true, hideComments: true)
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func render(_ document: MarkdownDocument) -> String {
        var output = HTMLOutput()
        let references = document.linkReferences
        for block in document.blocks { render(block, in: document, references: references, tight: false, into: &output) }
        return output.text
    }

    private func render(_ block: Block, in document: MarkdownDocument, references: [String: LinkReference], tight: Bool, into out: inout HTMLOutput) {
        let bytes = document.bytes
        switch block.kind {
        case .document, .frontMatter, .linkReferenceDefinition:
            break
        case .paragraph:
            if !tight {
                out.cr()
                out.append("<p>")
            }
            renderInlines(document.inlines(of: block, references: references), into: &out)
            if !tight { out.append("</p>\n") }
        case .heading(let level, _):
            out.cr()
            let inlines = document.inlines(of: block, references: references)
            if options.headingAnchors {
                out.append("<h\(level) id=\"")
                out.appendEscaped(out.anchors.anchor(for: inlines.map(altText).joined()))
                out.append("\">")
            } else {
                out.append("<h\(level)>")
            }
            renderInlines(inlines, into: &out)
            out.append("</h\(level)>\n")
        case .thematicBreak:
            out.cr()
            out.append("<hr />\n")
        case .blockQuote:
            out.cr()
            out.append("<blockquote>\n")
            for child in block.children { render(child, in: document, references: references, tight: false, into: &out) }
            out.cr()
            out.append("</blockquote>\n")
        case .list(let info):
            out.cr()
            if !info.ordered {
                out.append("<ul>\n")
            } else if info.start == 1 {
                out.append("<ol>\n")
            } else {
                out.append("<ol start=\"\(info.start)\">\n")
            }
            for child in block.children { render(child, in: document, references: references, tight: info.tight, into: &out) }
            out.append(info.ordered ? "</ol>\n" : "</ul>\n")
        case .listItem(let info):
            out.cr()
            out.append("<li>")
            if let task = info.task {
                out.append(task.checked ? "<input checked=\"\" disabled=\"\" type=\"checkbox\"> " : "<input disabled=\"\" type=\"checkbox\"> ")
            }
            for child in block.children { render(child, in: document, references: references, tight: tight, into: &out) }
            out.append("</li>\n")
        case .codeBlock(let info):
            out.cr()
            if let infoRange = info.info, !infoRange.isEmpty {
                let infoText = TextDecoding.unescape(bytes, infoRange)
                let language = infoText.prefix { !$0.isWhitespace }
                out.append("<pre><code class=\"")
                if !language.hasPrefix("language-") { out.append("language-") }
                out.appendEscaped(String(language))
                out.append("\">")
            } else {
                out.append("<pre><code>")
            }
            for line in block.lines {
                if line.virtualSpaces > 0 { out.append(String(repeating: " ", count: line.virtualSpaces)) }
                out.appendEscaped(bytes[line.range])
                out.append("\n")
            }
            out.append("</code></pre>\n")
        case .htmlBlock:
            out.cr()
            var literal = ""
            for line in block.lines {
                literal += String(decoding: bytes[line.range], as: UTF8.self)
                literal += "\n"
            }
            appendRawHTML(literal, into: &out)
            out.cr()
        case .table(let table):
            renderTable(table, in: document, references: references, into: &out)
        }
    }

    private func renderTable(_ table: TableInfo, in document: MarkdownDocument, references: [String: LinkReference], into out: inout HTMLOutput) {
        out.cr()
        out.append("<table>\n<thead>\n<tr>\n")
        func cell(_ tag: String, _ range: Range<Int>?, _ alignment: TableInfo.Alignment) {
            switch alignment {
            case .unspecified: out.append("<\(tag)>")
            case .left: out.append("<\(tag) align=\"left\">")
            case .center: out.append("<\(tag) align=\"center\">")
            case .right: out.append("<\(tag) align=\"right\">")
            }
            if let range { renderInlines(document.inlines(ofCell: range, references: references), into: &out) }
            out.append("</\(tag)>\n")
        }
        for (index, range) in table.header.cells.enumerated() { cell("th", range, table.alignments[index]) }
        out.append("</tr>\n</thead>\n")
        if !table.rows.isEmpty {
            out.append("<tbody>\n")
            for row in table.rows {
                out.append("<tr>\n")
                for index in table.alignments.indices {
                    cell("td", index < row.cells.count ? row.cells[index] : nil, table.alignments[index])
                }
                out.append("</tr>\n")
            }
            out.append("</tbody>\n")
        }
        out.append("</table>\n")
    }

    private func renderInlines(_ inlines: [Inline], into out: inout HTMLOutput) {
        for inline in inlines { renderInline(inline, into: &out) }
    }

    private func renderInline(_ inline: Inline, into out: inout HTMLOutput) {
        switch inline.kind {
        case .text(let text): out.appendEscaped(text)
        case .softBreak: out.append("\n")
        case .hardBreak: out.append("<br />\n")
        case .code(let code):
            out.append("<code>")
            out.appendEscaped(code)
            out.append("</code>")
        case .emphasis: wrap("em", inline, &out)
        case .strong: wrap("strong", inline, &out)
        case .strikethrough: wrap("del", inline, &out)
        case .html(let html): appendRawHTML(html, into: &out)
        case .autolink(let destination, let isEmail):
            out.append("<a href=\"")
            out.appendHref(!isEmail && options.safeURLs && Self.isDangerous(destination, image: false) ? "" : (isEmail ? "mailto:" : "") + destination)
            out.append("\">")
            out.appendEscaped(destination)
            out.append("</a>")
        case .link(let destination, let title):
            out.append("<a href=\"")
            out.appendHref(options.safeURLs && Self.isDangerous(destination, image: false) ? "" : destination)
            if let title, !title.isEmpty {
                out.append("\" title=\"")
                out.appendEscaped(title)
            }
            out.append("\">")
            renderInlines(inline.children, into: &out)
            out.append("</a>")
        case .image(let destination, let title):
            out.append("<img src=\"")
            out.appendHref(options.safeURLs && Self.isDangerous(destination, image: true) ? "" : destination)
            out.append("\" alt=\"")
            out.appendEscaped(inline.children.map(altText).joined())
            if let title, !title.isEmpty {
                out.append("\" title=\"")
                out.appendEscaped(title)
            }
            out.append("\" />")
        }
    }

    private func altText(_ inline: Inline) -> String {
        switch inline.kind {
        case .text(let text), .code(let text), .html(let text): return text
        case .softBreak, .hardBreak: return " "
        case .autolink(let destination, _): return destination
        default: return inline.children.map(altText).joined()
        }
    }

    private func wrap(_ tag: String, _ inline: Inline, _ out: inout HTMLOutput) {
        out.append("<\(tag)>")
        renderInlines(inline.children, into: &out)
        out.append("</\(tag)>")
    }

    private func appendRawHTML(_ html: String, into out: inout HTMLOutput) {
        if options.hideComments, Self.isOnlyComments(html) { return }
        guard options.allowRawHTML else {
            out.appendEscaped(html)
            return
        }
        out.append(options.tagFilter ? Self.filterTags(html) : html)
    }

    /// Whether `html` is nothing but complete comments and blank space.
    static func isOnlyComments(_ html: String) -> Bool {
        var rest = html[...]
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            if rest.isEmpty { return true }
            guard rest.hasPrefix("<!--"), let end = rest.range(of: "-->", range: rest.index(rest.startIndex, offsetBy: 4)..<rest.endIndex) else { return false }
            rest = rest[end.upperBound...]
        }
    }

    /// Whether a destination's scheme could run script or read local files. Browsers ignore ASCII
    /// whitespace and control characters inside a scheme (`java\tscript:`), so they are skipped here too.
    static func isDangerous(_ destination: String, image: Bool) -> Bool {
        var scheme: [UInt8] = []
        for byte in destination.utf8 {
            if byte <= 0x20 || byte == 0x7F { continue }
            if byte == UInt8(ascii: ":") { break }
            scheme.append(byte | 0x20)
            if scheme.count > 10 { return false }
        }
        switch String(decoding: scheme, as: UTF8.self) {
        case "javascript", "vbscript", "file": return true
        case "data":
            guard image else { return true }
            let lowered = destination.lowercased()
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        default: return false
        }
    }

    private static let disallowedTags = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]

    /// GFM's tag filter: `<` of a disallowed tag becomes `&lt;`.
    static func filterTags(_ html: String) -> String {
        var bytes = Array(html.utf8)
        var index = 0
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                var nameStart = index + 1
                if nameStart < bytes.count && bytes[nameStart] == UInt8(ascii: "/") { nameStart += 1 }
                var matched = false
                for tag in disallowedTags {
                    let tagBytes = Array(tag.utf8)
                    let nameEnd = nameStart + tagBytes.count
                    guard nameEnd <= bytes.count else { continue }
                    if bytes[nameStart..<nameEnd].map(ByteClass.lowercased).elementsEqual(tagBytes) {
                        let after: UInt8 = nameEnd < bytes.count ? bytes[nameEnd] : UInt8(ascii: ">")
                        if ByteClass.isWhitespace(after) || after == UInt8(ascii: ">")
                            || (after == UInt8(ascii: "/") && nameEnd + 1 < bytes.count && bytes[nameEnd + 1] == UInt8(ascii: ">")) {
                            matched = true
                            break
                        }
                    }
                }
                if matched {
                    result.append(contentsOf: "&lt;".utf8)
                    index += 1
                    continue
                }
            }
            result.append(bytes[index])
            index += 1
        }
        bytes = result
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// An HTML string being built, with the reference renderer's "newline unless already at one" rule.
struct HTMLOutput {
    private(set) var bytes: [UInt8] = []
    /// Heading anchors given so far (repeats are numbered).
    var anchors = AnchorGenerator()

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func cr() {
        if let last = bytes.last, last != ByteClass.newline { bytes.append(ByteClass.newline) }
    }

    mutating func appendEscaped(_ string: String) { appendEscaped(string.utf8) }

    mutating func appendEscaped<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        for byte in sequence {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            default: bytes.append(byte)
            }
        }
    }

    private static let hrefSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "-_.+!*(),%#@?=;:/$~".utf8 { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        return table
    }()

    /// Percent-encodes a URL for an attribute, keeping existing `%XX` escapes.
    mutating func appendHref(_ url: String) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in url.utf8 {
            if Self.hrefSafe[Int(byte)] {
                bytes.append(byte)
            } else if byte == UInt8(ascii: "&") {
                bytes.append(contentsOf: "&amp;".utf8)
            } else if byte == UInt8(ascii: "'") {
                bytes.append(contentsOf: "&#x27;".utf8)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
    }
}
