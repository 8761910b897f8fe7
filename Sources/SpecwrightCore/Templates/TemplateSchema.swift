/// What a template requires of a spec, derived from the template's own text.
///
/// Nothing here is configured by hand: the title pattern comes from the template's `#` heading,
/// the fields from its `**Key**: value` header lines (alternatives written `A | B | C` become the
/// allowed values), the sections from its headings, the tables' columns from its tables, the
/// checklists from its task items, and the placeholder vocabulary from its placeholders.
public struct TemplateSchema: Sendable {
    /// The template's title with its placeholder: `[FEATURE_NAME] Technical Specification`.
    public struct TitlePattern: Sendable, Equatable {
        public var prefix: String
        public var suffix: String
        /// The placeholder in the template title, if any (`[FEATURE_NAME]`).
        public var placeholder: String?

        /// Whether a spec title follows the pattern (and fills the placeholder).
        public func matches(_ title: String) -> Bool {
            guard let placeholder else { return title == prefix }
            if prefix.isEmpty && suffix.isEmpty { return title != placeholder }
            guard title.hasPrefix(prefix) else { return false }
            let rest = title.dropFirst(prefix.count)
            if rest.hasSuffix(suffix) && rest.count > suffix.count { return true }
            // A suffix that goes on in prose after a separator ("KEP-NNNN: Your short, descriptive
            // title") is text to replace too: the separator is what the title must keep.
            guard let separator else { return false }
            return rest.contains(separator)
        }

        /// The separator that opens the suffix (`:`, ` - `, ` — `), when prose follows it.
        var separator: String? {
            let trimmed = suffix.drop(while: { $0 == " " })
            guard let first = trimmed.first, [":", "-", "—", "–", "|"].contains(first) else { return nil }
            return trimmed.dropFirst().contains(where: \.isLetter) ? String(first) : nil
        }

        /// The title for a spec named `name`.
        public func filled(with name: String) -> String {
            placeholder == nil ? name : prefix + name + suffix
        }

        public var display: String { prefix + (placeholder ?? "") + suffix }
    }

    /// A header field the template declares.
    public struct Field: Sendable, Equatable {
        public enum ValueKind: Sendable, Equatable {
            case choice([String])
            case date
            case version
            case text
        }

        public var key: String
        public var kind: MetadataField.Kind
        public var valueKind: ValueKind
        /// The value as the template wrote it.
        public var templateValue: String
        /// Whether the template marks the field optional ("(optional)" on its line, or a front-matter
        /// comment above it saying its fields are optional).
        public var optional = false
        /// Whether the template declares it in YAML front matter rather than as a `**Key**:` line.
        public var fromFrontMatter = false

        public init(key: String, kind: MetadataField.Kind, valueKind: ValueKind, templateValue: String, optional: Bool = false, fromFrontMatter: Bool = false) {
            self.key = key
            self.kind = kind
            self.valueKind = valueKind
            self.templateValue = templateValue
            self.optional = optional
            self.fromFrontMatter = fromFrontMatter
        }

        public var allowedValues: [String]? {
            if case .choice(let values) = valueKind { return values }
            return nil
        }
    }

    /// A section the template declares.
    public struct Section: Sendable, Equatable {
        public var title: String
        /// The title normalised for matching (see ``TemplateSchema/normalizeTitle(_:)``).
        public var key: String
        /// For headings with a placeholder or a number (`Phase 1: [Phase Name]`): the literal parts
        /// between wildcards. Such sections may repeat.
        public var pattern: [String]?
        public var level: Int
        public var parent: Int?
        public var children: [Int] = []
        public var optional: Bool
        /// Column headers of each table in the section's own body, in order.
        public var tables: [[String]]
        /// Texts of the task items in the section's own body.
        public var checklist: [String]
        /// Whether the template puts content (not only subsections) under this heading.
        public var hasBody: Bool
        /// Placeholders in the section's own body in the template.
        public var placeholderCount: Int
        public var isTableOfContents: Bool

        public var path: [String] = []

        /// Whether a spec heading (normalised) is this section.
        public func matches(_ normalizedTitle: String) -> Bool {
            guard let pattern else { return normalizedTitle == key }
            return TemplateSchema.glob(pattern, matches: normalizedTitle)
        }
    }

    /// A table whose rows record history (columns include a version, a date and the changes).
    public struct ChangeLog: Sendable, Equatable {
        public var columns: [String]
        public var versionColumn: Int
        public var dateColumn: Int
        public var authorColumn: Int?
        public var changesColumn: Int?
        public var reasonColumn: Int?
    }

    /// A table of sign-offs (a Role column plus Name, Date or Signature).
    public struct SignOff: Sendable, Equatable {
        public var columns: [String]
        public var roleColumn: Int
        public var nameColumn: Int?
        public var dateColumn: Int?
        public var signatureColumn: Int?
        /// The roles the template lists, one per row.
        public var roles: [String]
    }

    public var title: TitlePattern?
    public var fields: [Field]
    public var sections: [Section]
    public var changeLog: ChangeLog?
    public var signOff: SignOff?
    public var vocabulary: PlaceholderVocabulary

    /// The field of `kind`, if the template declares one.
    public func field(_ kind: MetadataField.Kind) -> Field? { fields.first { $0.kind == kind } }

    /// Statuses in the order the template lists them (empty when the template has no status field).
    public var statuses: [String] { field(.status)?.allowedValues ?? [] }
}

extension TemplateSchema {
    /// Normalises a heading for matching: case-folded, numbering such as `1.` or `A.` dropped,
    /// `&` read as "and", whitespace collapsed, a trailing colon and "(optional)" removed.
    public static func normalizeTitle(_ title: String) -> String {
        if let fast = normalizeASCIITitle(title) { return fast }
        var words: [Substring] = []
        let lowered = title.lowercased()
        for word in lowered.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if word == "(optional)" { continue }
            words.append(word == "&" ? "and" : word)
        }
        if let first = words.first, words.count > 1, isNumbering(first) { words.removeFirst() }
        var result = words.joined(separator: " ")
        while result.hasSuffix(":") { result.removeLast() }
        return result
    }

    /// The same normalisation on bytes, for the common all-ASCII heading.
    private static func normalizeASCIITitle(_ title: String) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(title.utf8.count)
        var wordStart = 0
        var wordIndex = 0
        var firstWordEnd = -1
        var words = 0
        func finishWord() {
            guard output.count > wordStart else { return }
            let word = output[wordStart...]
            if word.elementsEqual("(optional)".utf8) {
                output.removeSubrange(wordStart...)
            } else {
                if word.count == 1 && word.first == UInt8(ascii: "&") { output.replaceSubrange(wordStart..., with: "and".utf8) }
                if words == 0 { firstWordEnd = output.count }
                words += 1
                output.append(UInt8(ascii: " "))
            }
            wordStart = output.count
            wordIndex += 1
        }
        for byte in title.utf8 {
            guard byte < 0x80 else { return nil }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                finishWord()
            } else {
                output.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        }
        finishWord()
        if output.last == UInt8(ascii: " ") { output.removeLast() }
        if words > 1, firstWordEnd > 0, isNumbering(Substring(decode(output, 0..<firstWordEnd))) {
            output.removeSubrange(0...firstWordEnd)
        }
        while output.last == UInt8(ascii: ":") { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isNumbering(_ word: Substring) -> Bool {
        guard word.hasSuffix(".") || word.hasSuffix(")") else { return false }
        let body = word.dropLast()
        if body.isEmpty { return false }
        if body.allSatisfy({ $0.isNumber || $0 == "." }) { return true }
        return body.count == 1 && body.first!.isLetter
    }

    static func glob(_ parts: [String], matches text: String) -> Bool {
        // parts alternate literal, wildcard, literal …; the first and last literal may be empty.
        guard let first = parts.first, text.hasPrefix(first) else { return false }
        var rest = Substring(text.dropFirst(first.count))
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 {
                return rest.count > part.count && rest.hasSuffix(part) || (part.isEmpty && !rest.isEmpty)
            }
            guard let found = rest.range(of: part), found.lowerBound > rest.startIndex || part.isEmpty else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.isEmpty
    }
}
