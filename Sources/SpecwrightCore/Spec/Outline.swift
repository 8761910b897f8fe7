/// The heading structure of a document: its title and a tree of sections.
///
/// Only top-level headings count (a `#` line inside a list or quote is content). A section runs
/// from its heading to the next heading of the same or a higher level; its *body* is the blocks
/// before its first subsection.
///
/// ```swift
/// let outline = Outline(MarkdownDocument(parsing: "# T\n## A\ntext\n### B\n"))
/// outline.sections.map(\.title)   // ["A", "B"]
/// outline.sections[1].parent      // 0
/// ```
public struct Outline: Sendable {
    /// A heading and what belongs to it.
    public struct Section: Sendable {
        public var title: String
        /// The title normalised for matching template sections (``TemplateSchema/normalizeTitle(_:)``).
        public var key: String
        public var level: Int
        public var heading: Block
        /// Byte range from the heading to the start of the next heading of the same or higher level.
        public var range: Range<Int>
        /// Blocks between the heading and the next heading of any level.
        public var body: [Block]
        public var parent: Int?
        public var children: [Int] = []

        /// The heading titles from the top-level section down to this one.
        public var path: [String] = []
    }

    /// The first level-1 heading, if any.
    public var title: Block?
    public var titleText: String?
    /// Blocks after the title and before the first section (the header with metadata).
    public var header: [Block]
    /// Sections in document order (level-1 headings after the title count as sections too).
    public var sections: [Section]

    public init(_ document: MarkdownDocument) {
        var title: Block?
        var titleText: String?
        var header: [Block] = []
        var sections: [Section] = []
        var stack: [Int] = []
        for block in document.blocks {
            guard case .heading(let level, _) = block.kind else {
                if let last = sections.indices.last {
                    sections[last].body.append(block)
                } else {
                    header.append(block)
                }
                continue
            }
            let text = document.plainText(of: block).trimmingSpaces
            if level == 1 && title == nil && sections.isEmpty {
                title = block
                titleText = text
                header = []
                continue
            }
            while let top = stack.last, sections[top].level >= level { stack.removeLast() }
            var section = Section(title: text, key: TemplateSchema.normalizeTitle(text), level: level, heading: block, range: block.range.lowerBound..<document.bytes.count, body: [], parent: stack.last)
            section.path = (stack.last.map { sections[$0].path } ?? []) + [text]
            let index = sections.count
            if let parent = stack.last { sections[parent].children.append(index) }
            sections.append(section)
            stack.append(index)
        }
        // A section ends where the next heading of the same or a higher level starts.
        for index in sections.indices {
            if let next = sections[(index + 1)...].first(where: { $0.level <= sections[index].level }) {
                sections[index].range = sections[index].range.lowerBound..<next.heading.range.lowerBound
            }
        }
        self.title = title
        self.titleText = titleText
        self.header = header
        self.sections = sections
    }

    /// The indices of the top-level sections.
    public var roots: [Int] { sections.indices.filter { sections[$0].parent == nil } }

    /// GitHub's anchor for each section's heading (`monitoring--observability`, without `#`), in
    /// section order, numbered as GitHub numbers repeats (the title's anchor counts too).
    ///
    /// Computed on demand: only table-of-contents checks need them.
    public func sectionAnchors() -> [String] {
        var generator = AnchorGenerator()
        if let titleText { _ = generator.anchor(for: titleText) }
        return sections.map { generator.anchor(for: $0.title) }
    }
}

/// GitHub's heading anchors: lowercase, punctuation other than `-` and `_` dropped, spaces to
/// hyphens, and `-1`, `-2` … appended to repeats.
public struct AnchorGenerator: Sendable {
    private var seen: [String: Int] = [:]

    public init() {}

    public static func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII {
                let value = UInt8(scalar.value)
                if ByteClass.isAlphanumeric(value) || value == UInt8(ascii: "_") || value == UInt8(ascii: "-") {
                    result.unicodeScalars.append(scalar)
                } else if value == UInt8(ascii: " ") {
                    result.append("-")
                }
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
                 .connectorPunctuation:
                result.unicodeScalars.append(scalar)
            default:
                if scalar == " " {
                    result.append("-")
                } else if scalar == "-" {
                    result.append("-")
                }
            }
        }
        return result
    }

    public mutating func anchor(for text: String) -> String {
        let base = Self.slug(text)
        guard var count = seen[base] else {
            seen[base] = 0
            return base
        }
        var candidate: String
        repeat {
            count += 1
            candidate = "\(base)-\(count)"
        } while seen[candidate] != nil
        seen[base] = count
        seen[candidate] = 0
        return candidate
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line endings.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
