import GRDB
import GRDBSQLite
import SpecwrightCore

/// ```sql blocks must parse: each statement is prepared against an empty in-memory SQLite
/// database. Only syntax errors count (a table the block does not create is not an error), and
/// common PostgreSQL-only syntax is accepted (see ``PostgreSQLCompatibility``).
public struct SQLBlockRule: Rule {
    public let id = "sql"
    public let defaultSeverity = Severity.error
    public let summary = "SQL block does not parse"

    public init() {}

    public func check(_ context: RuleContext) -> [RuleFinding] {
        let blocks = EmbeddedBlock.all(in: context.document, languages: ["sql", "postgresql", "postgres", "sqlite", "psql"])
        guard !blocks.isEmpty, let queue = try? DatabaseQueue() else { return [] }
        var findings: [RuleFinding] = []
        queue.inDatabase { db in
            for block in blocks {
                let source = Array(PostgreSQLCompatibility.sqliteEquivalent(block.text).utf8)
                for statement in SQLStatementSplitter.statements(source) {
                    if let (message, offset) = syntaxError(in: Array(source[statement]), connection: db.sqliteConnection) {
                        let documentOffset = block.documentOffset(ofTextOffset: statement.lowerBound + offset)
                        findings.append(RuleFinding("SQL syntax error: \(message)", at: documentOffset..<documentOffset + 1))
                    }
                }
            }
        }
        return findings
    }

    /// The syntax error SQLite reports for one statement, with its byte offset in the statement.
    private func syntaxError(in statement: [UInt8], connection: OpaquePointer?) -> (String, Int)? {
        var handle: OpaquePointer?
        let code = statement.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_prepare_v2(connection, chars.baseAddress, Int32(chars.count), &handle, nil)
            }
        }
        defer { sqlite3_finalize(handle) }
        guard code != SQLITE_OK else { return nil }
        let message = String(cString: sqlite3_errmsg(connection))
        // Name resolution errors mean the syntax was fine.
        let isSyntax = message.contains("syntax error") || message.contains("unrecognized token") || message.contains("incomplete input")
            || message.hasPrefix("near ")
        guard isSyntax else { return nil }
        let offset = Int(sqlite3_error_offset(connection))
        return (message, offset >= 0 ? offset : 0)
    }
}

/// Splits SQL into statements on `;` outside strings, quoted identifiers, comments and
/// dollar-quoted bodies.
enum SQLStatementSplitter {
    static func statements(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var index = 0
        func skipTo(_ terminator: [UInt8], from position: Int) -> Int {
            var cursor = position
            while cursor + terminator.count <= bytes.count {
                if Array(bytes[cursor..<cursor + terminator.count]) == terminator { return cursor + terminator.count }
                cursor += 1
            }
            return bytes.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                index = skipTo([byte], from: index + 1)
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                index = skipTo([0x0A], from: index + 2)
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                index = skipTo(Array("*/".utf8), from: index + 2)
            case UInt8(ascii: "$"):
                // $$ … $$ or $tag$ … $tag$ (PostgreSQL function bodies).
                var tagEnd = index + 1
                while tagEnd < bytes.count && (bytes[tagEnd] == UInt8(ascii: "_") || (bytes[tagEnd] | 0x20) >= 0x61 && (bytes[tagEnd] | 0x20) <= 0x7A) { tagEnd += 1 }
                if tagEnd < bytes.count && bytes[tagEnd] == UInt8(ascii: "$") {
                    index = skipTo(Array(bytes[index...tagEnd]), from: tagEnd + 1)
                } else {
                    index += 1
                }
            case UInt8(ascii: ";"):
                result.append(start..<index + 1)
                index += 1
                start = index
            default:
                index += 1
            }
        }
        if bytes[start..<bytes.count].contains(where: { $0 > 0x20 }) { result.append(start..<bytes.count) }
        // Statements that are only comments or whitespace prepare to nothing; skip them.
        return result.filter { range in
            let text = String(decoding: bytes[range], as: UTF8.self)
            return text.split(separator: "\n").contains { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return !trimmed.isEmpty && !trimmed.hasPrefix("--") && trimmed != ";"
            }
        }
    }
}
