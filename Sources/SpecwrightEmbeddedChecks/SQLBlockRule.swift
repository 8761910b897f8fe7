import Foundation
import GRDB
import GRDBSQLite
import SpecwrightCore

/// ```sql blocks must parse: each statement is prepared against an empty in-memory SQLite
/// database (GRDB). Only syntax errors count (a table the block does not create is not an error),
/// and common PostgreSQL-only syntax is accepted (see ``PostgreSQLCompatibility``).
struct SQLBlockRule: Rule {
    let descriptor = RuleDescriptor(id: "sql", severity: .error, summary: "SQL block does not parse",
                                    help: "Fix the SQL syntax at the position given. Statements are parsed, not run, so tables the block does not create are fine; common PostgreSQL syntax is accepted.")

    func check(_ context: RuleContext) -> [RuleFinding] {
        Self.cache.findings(in: context, languages: ["sql", "postgresql", "postgres", "sqlite", "psql"], problems: problems)
    }

    static let cache = BlockResultCache()

    /// Syntax errors in one block's text, with their byte offsets in it.
    func problems(_ text: String) -> [BlockProblem] {
        guard let queue = Self.databases.take() else { return [] }
        defer { Self.databases.give(queue) }
        var problems: [BlockProblem] = []
        queue.inDatabase { db in
            // GRDB's authorizer tracks what statements read and write; these are only parsed.
            sqlite3_set_authorizer(db.sqliteConnection, nil, nil)
            let source = Array(text.utf8)
            for statement in SQLStatementSplitter.statements(source) {
                let statementText = Array(source[statement])
                if PostgreSQLCompatibility.isPostgresOnly(statementText) { continue }
                if let (message, offset) = postgresTolerantSyntaxError(in: PostgreSQLCompatibility.sqliteEquivalent(statementText), connection: db.sqliteConnection) {
                    problems.append(BlockProblem(message: "SQL syntax error: \(message)", position: .offset(statement.lowerBound + offset)))
                }
            }
        }
        return problems
    }

    /// A syntax error, unless it is only a word PostgreSQL accepts as a name (`index`): then the
    /// statement is tried again with that word quoted (keeping every other offset in place).
    private func postgresTolerantSyntaxError(in statement: [UInt8], connection: OpaquePointer?) -> (String, Int)? {
        var attempt = statement
        var inserted: [Int] = []
        for _ in 0..<8 {
            guard let (message, offset) = syntaxError(in: attempt, connection: connection) else { return nil }
            let original = offset - inserted.filter { $0 <= offset }.count
            guard offset < attempt.count, let word = Self.word(at: offset, in: attempt),
                  PostgreSQLCompatibility.postgresIdentifiers.contains(word.text.lowercased()) else {
                return (message, max(0, original))
            }
            attempt.insert(UInt8(ascii: "\""), at: word.range.upperBound)
            attempt.insert(UInt8(ascii: "\""), at: word.range.lowerBound)
            inserted += [word.range.lowerBound, word.range.upperBound + 1]
        }
        return nil
    }

    private static func word(at offset: Int, in bytes: [UInt8]) -> (text: String, range: Range<Int>)? {
        func isWord(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) }
        guard isWord(bytes[offset]) else { return nil }
        var end = offset
        while end < bytes.count && isWord(bytes[end]) { end += 1 }
        return (String(decoding: bytes[offset..<end], as: UTF8.self), offset..<end)
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

/// Empty in-memory databases, reused across specs (statements are only prepared, never run, so
/// a database stays empty).
final class DatabasePool: @unchecked Sendable {
    private var idle: [DatabaseQueue] = []
    private let lock = NSLock()

    func take() -> DatabaseQueue? {
        if let queue = lock.withLock({ idle.popLast() }) { return queue }
        return try? DatabaseQueue()
    }

    func give(_ queue: DatabaseQueue) {
        lock.withLock { idle.append(queue) }
    }
}

extension SQLBlockRule {
    static let databases = DatabasePool()
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
