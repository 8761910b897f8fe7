/// A `**Key**: value` line of a spec's header, or a `key: value` line of its YAML front matter.
///
/// ```swift
/// // **Document Status**: DRAFT  ⟶ key "Document Status", kind .status, value "DRAFT"
/// ```
public struct MetadataField: Sendable, Equatable {
    /// What a field means to Specwright, recognised from its key.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case status, version, created, lastUpdated, date, author, reviewers, other

        /// Recognises a field's kind from a key such as "Document Status" or "Last Updated".
        public static func of(key: String) -> Kind {
            let key = Array(key.lowercased().utf8)
            func has(_ word: String) -> Bool {
                let needle = Array(word.utf8)
                guard needle.count <= key.count else { return false }
                for start in 0...(key.count - needle.count) where key[start] == needle[0] && Array(key[start..<start + needle.count]) == needle {
                    return true
                }
                return false
            }
            func ends(_ word: String) -> Bool { key.count >= word.utf8.count && key.suffix(word.utf8.count).elementsEqual(word.utf8) }
            func starts(_ word: String) -> Bool { key.count >= word.utf8.count && key.prefix(word.utf8.count).elementsEqual(word.utf8) }
            // Whole-word positions: "Document Status" is a status, "Version Control" is not a version.
            if ends("status") { return .status }
            if ends("version") { return .version }
            if starts("created") || ends("created") || key.elementsEqual("creation date".utf8) { return .created }
            if has("updated") || has("modified") { return .lastUpdated }
            if key.elementsEqual("date".utf8) { return .date }
            if starts("author") || ends("author") || key.elementsEqual("owner".utf8) { return .author }
            if has("reviewer") { return .reviewers }
            return .other
        }
    }

    public var key: String
    public var value: String
    public var kind: Kind
    /// Byte range of the key's text (inside the `**`).
    public var keyRange: Range<Int>
    /// Byte range of the value, trimmed, without a trailing hard-break `\` or spaces.
    public var valueRange: Range<Int>
    /// Byte range of the whole line.
    public var lineRange: Range<Int>
    public var fromFrontMatter: Bool
}

extension MetadataField {
    /// Reads `**Key**: value` (or `**Key:** value`) from one line; nil when the line is not one.
    static func parse(line: Range<Int>, in bytes: [UInt8]) -> MetadataField? {
        var index = line.lowerBound
        let end = line.upperBound
        guard end - index > 5, bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "*") else { return nil }
        index += 2
        let keyStart = index
        while index + 1 < end && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "*")) { index += 1 }
        guard index + 1 < end else { return nil }
        var keyEnd = index
        index += 2
        if keyEnd > keyStart && bytes[keyEnd - 1] == UInt8(ascii: ":") {
            keyEnd -= 1
        } else {
            guard index < end, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
        }
        guard keyEnd > keyStart else { return nil }
        while index < end && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        var valueEnd = end
        while valueEnd > index && ByteClass.isSpaceOrTab(bytes[valueEnd - 1]) { valueEnd -= 1 }
        if valueEnd > index && bytes[valueEnd - 1] == UInt8(ascii: "\\") {
            valueEnd -= 1
            while valueEnd > index && ByteClass.isSpaceOrTab(bytes[valueEnd - 1]) { valueEnd -= 1 }
        }
        let key = decode(bytes, keyStart..<keyEnd).trimmingSpaces
        return MetadataField(
            key: key, value: decode(bytes, index..<valueEnd), kind: .of(key: key),
            keyRange: keyStart..<keyEnd, valueRange: index..<valueEnd, lineRange: line, fromFrontMatter: false)
    }

    /// Reads a top-level `key: value` scalar line of YAML front matter.
    static func parseFrontMatter(line: Range<Int>, in bytes: [UInt8]) -> MetadataField? {
        var index = line.lowerBound
        let end = line.upperBound
        guard index < end, !ByteClass.isSpaceOrTab(bytes[index]), bytes[index] != UInt8(ascii: "#"), bytes[index] != UInt8(ascii: "-") else { return nil }
        while index < end && bytes[index] != UInt8(ascii: ":") { index += 1 }
        guard index < end, index + 1 == end || ByteClass.isSpaceOrTab(bytes[index + 1]) else { return nil }
        let keyRange = line.lowerBound..<index
        index += 1
        while index < end && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        var valueStart = index
        var valueEnd = end
        while valueEnd > valueStart && ByteClass.isSpaceOrTab(bytes[valueEnd - 1]) { valueEnd -= 1 }
        if valueEnd - valueStart >= 2, bytes[valueStart] == bytes[valueEnd - 1],
           bytes[valueStart] == UInt8(ascii: "\"") || bytes[valueStart] == UInt8(ascii: "'") {
            valueStart += 1
            valueEnd -= 1
        }
        let key = decode(bytes, keyRange).trimmingSpaces
        let kind = Kind.of(key: key.replacingUnderscores)
        return MetadataField(
            key: key, value: decode(bytes, valueStart..<valueEnd), kind: kind,
            keyRange: keyRange, valueRange: valueStart..<valueEnd, lineRange: line, fromFrontMatter: true)
    }
}

/// Decodes UTF-8 bytes without the slow generic path.
func decode(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" || $0 == "-" ? " " : $0 }) }
}
