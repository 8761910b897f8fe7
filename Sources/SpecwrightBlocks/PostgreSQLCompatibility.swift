import Foundation

/// Rewrites PostgreSQL-only syntax that SQLite cannot parse into something SQLite accepts, keeping
/// every byte offset the same (replacements are padded with spaces), so errors still point at the
/// right place. Covered: `::type` casts; `DEFAULT func()` (SQLite needs parentheses);
/// `USING method` in CREATE INDEX; and statements SQLite has no form of at all
/// (`CREATE EXTENSION`, `CREATE TYPE`, `COMMENT ON`, `ALTER TABLE … ADD CONSTRAINT / ALTER COLUMN`,
/// `CREATE SCHEMA`, `GRANT`, `REVOKE`), which are blanked. Types such as `BIGSERIAL`, `JSONB` or
/// `TIMESTAMPTZ` need nothing: SQLite accepts any type name.
enum PostgreSQLCompatibility {
    private static let rewrites: [(pattern: String, keepPrefix: Bool)] = [
        (#"::\s*[A-Za-z_][A-Za-z0-9_]*(\s*\([0-9, ]*\))?(\[\])?"#, false),
        (#"(?i)(?<=DEFAULT\s)\s*[A-Za-z_][A-Za-z0-9_.]*\s*\([^()]*\)"#, false),
        (#"(?i)\bUSING\s+(btree|hash|gin|gist|brin|spgist)\b"#, false),
        (#"(?is)\b(CREATE\s+(EXTENSION|TYPE|SCHEMA)|COMMENT\s+ON|GRANT|REVOKE|ALTER\s+TABLE\s+[^;]*?\b(ADD\s+CONSTRAINT|ALTER\s+COLUMN))\b[^;]*;?"#, false),
    ]

    static func sqliteEquivalent(_ sql: String) -> String {
        var text = sql
        for (pattern, _) in rewrites {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            let mutable = NSMutableString(string: text)
            let matches = expression.matches(in: text, range: NSRange(location: 0, length: mutable.length))
            for match in matches.reversed() {
                let original = mutable.substring(with: match.range)
                var replacement = String(repeating: " ", count: original.utf16.count)
                if pattern.contains("DEFAULT") {
                    // A literal SQLite accepts, padded to the same length.
                    replacement = "0" + String(repeating: " ", count: max(0, original.utf16.count - 1))
                }
                // Keep line breaks so line numbers do not move.
                replacement = String(zip(original, replacement).map { $0.0 == "\n" ? "\n" : $0.1 })
                mutable.replaceCharacters(in: match.range, with: replacement)
            }
            text = mutable as String
        }
        return text
    }
}
