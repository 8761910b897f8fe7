/// Where a review thread points in a spec: a section by its heading path and, optionally, a
/// quoted passage as it read in the revision the thread was written against.
///
/// Later revisions may move or change the text. ``locate(in:)`` finds the thread's place in any
/// revision: the section by its path, else by its own title wherever it moved, else the section
/// now holding the passage; the passage by its text, in its section first. A passage no longer
/// in the text makes the thread *outdated*; it keeps the passage as it was.
public struct ThreadAnchor: Sendable, Equatable, Codable {
    /// Heading titles from the top-level section down (empty: the spec as a whole).
    public var sectionPath: [String]
    /// The passage commented on, exactly as it read (nil: the whole section).
    public var quote: String?

    public init(sectionPath: [String], quote: String? = nil) {
        self.sectionPath = sectionPath
        self.quote = quote.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The anchor's place in one revision of a spec.
    public struct Location: Sendable, Equatable {
        /// The section's index in the spec's outline (nil: not found, or no section asked for).
        public var section: Int?
        /// The section's path in this revision (differs from the anchor's when it moved or was renamed).
        public var sectionPath: [String]?
        /// The passage's bytes in this revision.
        public var quoteRange: Range<Int>?
        /// The passage is gone from the text.
        public var isOutdated: Bool
        /// The section is no longer where the anchor says (found elsewhere, or not at all).
        public var sectionMoved: Bool
    }

    /// This anchor's place in `spec`.
    public func locate(in spec: Spec) -> Location {
        let sections = spec.outline.sections
        let key = { (title: String) in TemplateSchema.normalizeTitle(title) }
        let wanted = sectionPath.map(key)
        var index: Int? = nil
        var moved = false
        if !wanted.isEmpty {
            index = sections.indices.first { sections[$0].path.map(key) == wanted }
            if index == nil, let last = wanted.last {
                let candidates = sections.indices.filter { key(sections[$0].title) == last }
                index = candidates.count == 1 ? candidates[0] : nil
                moved = true
            }
        }
        var quoteRange: Range<Int>? = nil
        if let quote {
            let needle = Array(quote.utf8)
            if let index { quoteRange = Self.find(needle, in: spec.document.bytes, within: sections[index].range) }
            if quoteRange == nil {
                quoteRange = Self.find(needle, in: spec.document.bytes, within: 0..<spec.document.bytes.count)
                if let found = quoteRange, index == nil || !sections[index!].range.contains(found.lowerBound) {
                    // The passage moved to another section: the thread follows the passage.
                    index = sections.indices.last { sections[$0].range.contains(found.lowerBound) }
                    moved = true
                }
            }
        }
        return Location(section: index, sectionPath: index.map { sections[$0].path }, quoteRange: quoteRange,
                        isOutdated: quote != nil && quoteRange == nil, sectionMoved: moved && !wanted.isEmpty)
    }

    /// How many times the passage occurs in `spec` within `range` (not overlapping): a passage
    /// quoted for an edit must say which text it means.
    public func occurrences(in spec: Spec, within range: Range<Int>) -> Int {
        guard let quote else { return 0 }
        let needle = Array(quote.utf8)
        var count = 0
        var start = range.lowerBound
        while let found = Self.find(needle, in: spec.document.bytes, within: start..<range.upperBound) {
            count += 1
            start = found.upperBound
        }
        return count
    }

    /// The first occurrence of `needle` in `bytes[range]`, by Knuth–Morris–Pratt: linear in the
    /// text's and the passage's lengths, where a naive search would let a long, nearly matching
    /// quote cost quadratic time.
    static func find(_ needle: [UInt8], in bytes: [UInt8], within range: Range<Int>) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= range.count else { return nil }
        // failure[i]: the length of the longest proper prefix of needle[0...i] that is also its suffix.
        var failure = [Int](repeating: 0, count: needle.count)
        var length = 0
        for index in needle.indices.dropFirst() {
            while length > 0 && needle[index] != needle[length] { length = failure[length - 1] }
            if needle[index] == needle[length] { length += 1 }
            failure[index] = length
        }
        var matched = 0
        for index in range {
            while matched > 0 && bytes[index] != needle[matched] { matched = failure[matched - 1] }
            if bytes[index] == needle[matched] { matched += 1 }
            if matched == needle.count { return (index + 1 - needle.count)..<(index + 1) }
        }
        return nil
    }
}
