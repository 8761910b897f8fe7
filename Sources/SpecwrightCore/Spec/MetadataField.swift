/// A `**Key**: value` line of a spec's header, or a `key: value` line of its YAML front matter.
///
/// ```swift
/// // **Document Status**: DRAFT  ⟶ key "Document Status", role .status, value "DRAFT"
/// ```
public struct MetadataField: Sendable, Equatable {
    /// What a field means to Specwright, recognised from its key.
    public enum Role: String, Sendable, Codable, CaseIterable {
        case status, version, created, lastUpdated, date, author, reviewers, other

        /// Recognises a role from a key such as "Document Status" or "Last Updated".
        public static func of(key: String) -> Role {
            let key = key.lowercased()
            if key.contains("status") { return .status }
            if key.contains("version") { return .version }
            if key.contains("created") { return .created }
            if key.contains("updated") || key.contains("modified") { return .lastUpdated }
            if key == "date" { return .date }
            if key.contains("author") || key == "owner" { return .author }
            if key.contains("reviewer") { return .reviewers }
            return .other
        }
    }

    public var key: String
    public var value: String
    public var role: Role
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
        let key = String(decoding: bytes[keyStart..<keyEnd], as: UTF8.self).trimmingSpaces
        return MetadataField(
            key: key, value: String(decoding: bytes[index..<valueEnd], as: UTF8.self), role: .of(key: key),
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
        let key = String(decoding: bytes[keyRange], as: UTF8.self).trimmingSpaces
        let role = Role.of(key: key.replacingUnderscores)
        return MetadataField(
            key: key, value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self), role: role,
            keyRange: keyRange, valueRange: valueStart..<valueEnd, lineRange: line, fromFrontMatter: true)
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" || $0 == "-" ? " " : $0 }) }
}
