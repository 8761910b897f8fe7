import Foundation
import Logging
import PostgresNIO
import SpecwrightCore
import SpecwrightStore

// The statements every request runs (a spec's read, a save; the audit entries and events written
// behind it are in +FollowUps), prepared once per connection: PostgreSQL then neither parses nor
// plans them again, which halves what a read costs the database (pgbench on this machine: 4,652
// reads/s unprepared, 8,744 prepared). Their parameter types are given, not inferred from a first
// call whose NULLs would leave them open.
extension PostgresSpecStore {
    /// The rows of a prepared statement, under the same deadline and error mapping as ``rows(_:)``.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [PostgresRow] where Statement.Row == PostgresRow {
        let client = self.client, logger = self.logger
        do {
            return try await Self.withDeadline {
                var rows: [PostgresRow] = []
                for try await row in try await client.execute(statement, logger: logger) { rows.append(row) }
                return rows
            }
        } catch {
            throw Self.mapped(error, conflict: "already exists")
        }
    }

    /// A live or archived spec and its current revision, by slug.
    struct SpecWithRevisionStatement: SlugStatement {
        static let name = "specwright_spec_with_revision_v1"
        static let sql = "SELECT \(specAndRevisionColumns) FROM spec s JOIN revision r ON r.spec_id = s.id AND r.number = s.current_revision WHERE s.slug = $1"
        let slug: String
    }

    /// A spec's row, by slug.
    struct SpecStatement: SlugStatement {
        static let name = "specwright_spec_v1"
        static let sql = "SELECT \(specColumns) FROM spec WHERE slug = $1"
        let slug: String
    }

    /// A save in one statement, so in one round trip and its own transaction: the spec's row moves
    /// to the next revision only if its text is still the expected one (the `If-Match`) and
    /// differs from the new one; the revision goes in with it, and the change is announced. No row
    /// means the save did not happen here, and ``addRevision`` finds out why in a transaction.
    ///
    /// Under READ COMMITTED, an UPDATE that waited for a concurrent writer's row lock evaluates its
    /// condition again on the row that writer left, so of two saves expecting the same hash
    /// exactly one matches.
    struct SaveRevisionStatement: RowsStatement {
        static let name = "specwright_save_revision_v1"
        static let sql = """
            WITH updated AS (
              UPDATE spec SET current_revision = current_revision + 1, content_hash = $2, title = $3, template = $4, status = $5, version = $6,
                updated_at = $7, archived = FALSE, completeness = $8, error_count = $9, warning_count = $10,
                sign_offs_valid = $11, sign_offs_stale = $12, sign_offs_missing = $13
              WHERE slug = $1 AND content_hash <> $2 AND ($14::text IS NULL OR content_hash = $14)
              RETURNING \(specColumns)
            ), inserted AS (
              INSERT INTO revision (spec_id, number, markdown, content_hash, author, message, created_at, analysis, analysis_key)
              SELECT id, current_revision, $15, $2, $16, $17, $7, $18, $19 FROM updated
            )
            SELECT updated.*, pg_notify('\(changeChannel)', $20) FROM updated
            """
        static let bindingDataTypes: [PostgresDataType] = [
            .text, .text, .text, .text, .text, .text, .timestamptz, .float8, .int4, .int4, .int4, .int4, .int4, .text,
            .text, .text, .text, .bytea, .text, .text,
        ]
        let slug: String
        let facts: SpecFacts
        let markdown: String
        let hash: String
        let author: String
        let message: String
        let expectedHash: String?
        let time: Date
        let notice: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 20)
            let counts = facts.signOffCounts
            bindings.append(slug)
            bindings.append(hash)
            bindings.append(facts.title)
            bindings.append(facts.template)
            bindings.append(facts.status)
            bindings.append(facts.version)
            bindings.append(time)
            bindings.append(facts.completeness)
            bindings.append(facts.errorCount.map(Int32.init))
            bindings.append(facts.warningCount.map(Int32.init))
            bindings.append(counts.map { Int32($0.valid) })
            bindings.append(counts.map { Int32($0.stale) })
            bindings.append(counts.map { Int32($0.missing) })
            bindings.append(expectedHash)
            bindings.append(markdown)
            bindings.append(author)
            bindings.append(message)
            bindings.append(facts.analysis.map { ByteBuffer(bytes: $0.data) })
            bindings.append(facts.analysis?.key)
            bindings.append(notice)
            return bindings
        }
    }
}

/// A prepared statement whose rows are read as they come (by the same functions as unprepared ones).
protocol RowsStatement: PostgresPreparedStatement where Row == PostgresRow {}

extension RowsStatement {
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// A prepared statement whose one parameter is a spec's slug.
protocol SlugStatement: RowsStatement {
    var slug: String { get }
}

extension SlugStatement {
    static var bindingDataTypes: [PostgresDataType] { [.text] }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(slug)
        return bindings
    }
}
