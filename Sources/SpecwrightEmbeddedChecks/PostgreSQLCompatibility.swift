/// Lets PostgreSQL-flavoured SQL through SQLite's parser without false errors.
///
/// Rewrites keep every byte offset (replacements are padded with spaces), so errors still point
/// at the right place:
/// - `::type` casts are blanked;
/// - `DEFAULT func(...)` becomes `DEFAULT 0` (SQLite wants parentheses around expressions);
/// - `USING btree|hash|gin|gist|brin|spgist` in CREATE INDEX is blanked.
///
/// Statements SQLite has no form of at all are not checked: CREATE EXTENSION / TYPE / SCHEMA /
/// FUNCTION / DOMAIN, COMMENT ON, GRANT, REVOKE, and ALTER TABLE … ADD CONSTRAINT / ALTER COLUMN.
/// Types such as BIGSERIAL, JSONB or TIMESTAMPTZ need nothing: SQLite accepts any type name. And
/// words PostgreSQL accepts as names but SQLite does not (`index`, `key` …) are retried quoted.
enum PostgreSQLCompatibility {
    /// Words SQLite will not take as a column or table name where PostgreSQL does.
    static let postgresIdentifiers: Set<String> = [
        "index", "key", "action", "after", "before", "begin", "conflict", "database", "detach", "each", "exclusive",
        "explain", "fail", "ignore", "immediate", "indexed", "instead", "match", "no", "of", "plan", "pragma", "query",
        "raise", "recursive", "reindex", "release", "rename", "replace", "restrict", "row", "savepoint", "temp",
        "temporary", "trigger", "vacuum", "view", "virtual", "without", "abort", "cascade", "deferred", "attach",
    ]

    private static let indexMethods: Set<String> = ["btree", "hash", "gin", "gist", "brin", "spgist"]

    /// Whether a statement is PostgreSQL-only (not checked).
    static func isPostgresOnly(_ statement: [UInt8]) -> Bool {
        let words = leadingWords(statement, count: 3)
        guard let first = words.first else { return false }
        switch first {
        case "grant", "revoke": return true
        case "comment": return words.count > 1 && words[1] == "on"
        case "create":
            let kind = words.count > 1 ? words[1] : ""
            return ["extension", "type", "schema", "domain", "function", "procedure", "role", "sequence"].contains(kind)
                || (kind == "or" && words.count > 2 && words[2] == "replace")
        case "alter":
            guard words.count > 1, words[1] == "table" else { return false }
            let text = String(decoding: statement, as: UTF8.self).lowercased()
            return text.contains("add constraint") || text.contains("alter column")
        default:
            return false
        }
    }

    /// The statement with casts, DEFAULT calls and index methods made SQLite-readable, same length.
    static func sqliteEquivalent(_ statement: [UInt8]) -> [UInt8] {
        var bytes = statement
        var index = 0
        func isWord(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) }
        func blank(_ range: Range<Int>) { for position in range where bytes[position] != 0x0A { bytes[position] = 0x20 } }
        func skipSpaces(_ from: Int) -> Int {
            var position = from
            while position < bytes.count && (bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A || bytes[position] == 0x0D) { position += 1 }
            return position
        }
        func wordEnd(_ from: Int) -> Int {
            var position = from
            while position < bytes.count && (isWord(bytes[position]) || bytes[position] == UInt8(ascii: ".")) { position += 1 }
            return position
        }
        func parenthesesEnd(_ from: Int) -> Int? {
            guard from < bytes.count, bytes[from] == UInt8(ascii: "(") else { return nil }
            var depth = 0
            var position = from
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "(") { depth += 1 }
                if bytes[position] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { return position + 1 } }
                position += 1
            }
            return nil
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "'") {
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "'") { index += 1 }
                index += 1
                continue
            }
            if byte == UInt8(ascii: ":") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: ":") {
                var end = wordEnd(skipSpaces(index + 2))
                if let close = parenthesesEnd(end) { end = close }
                if end + 1 < bytes.count && bytes[end] == UInt8(ascii: "[") && bytes[end + 1] == UInt8(ascii: "]") { end += 2 }
                blank(index..<end)
                index = end
                continue
            }
            guard isWord(byte), index == 0 || !isWord(bytes[index - 1]) else {
                index += 1
                continue
            }
            let end = wordEnd(index)
            let word = String(decoding: bytes[index..<end], as: UTF8.self).lowercased()
            if word == "default" {
                let callStart = skipSpaces(end)
                let nameEnd = wordEnd(callStart)
                if nameEnd > callStart, let close = parenthesesEnd(skipSpaces(nameEnd)) {
                    blank(callStart..<close)
                    bytes[callStart] = UInt8(ascii: "0")
                    index = close
                    continue
                }
            } else if word == "using" {
                let methodStart = skipSpaces(end)
                let methodEnd = wordEnd(methodStart)
                if indexMethods.contains(String(decoding: bytes[methodStart..<methodEnd], as: UTF8.self).lowercased()) {
                    blank(index..<methodEnd)
                    index = methodEnd
                    continue
                }
            }
            index = end
        }
        return bytes
    }

    private static func leadingWords(_ statement: [UInt8], count: Int) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var inComment = false
        for byte in statement {
            if inComment {
                if byte == 0x0A { inComment = false }
                continue
            }
            if byte == UInt8(ascii: "-") && current.isEmpty && words.isEmpty {
                inComment = true
                continue
            }
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == UInt8(ascii: "_") {
                current.append(byte | 0x20)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current = []
                if words.count == count { break }
            }
        }
        if !current.isEmpty && words.count < count { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }
}
