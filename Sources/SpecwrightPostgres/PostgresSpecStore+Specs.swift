import Foundation
import Logging
import NIOSSL
import PostgresNIO
import SpecwrightCore
import SpecwrightStore

// Specs, their revisions and analyses, and sign-offs.
extension PostgresSpecStore {
    static let specColumns = """
        id, slug, title, template, status, version, author, created_at, updated_at, current_revision, content_hash, archived, \
        completeness, error_count, warning_count, sign_offs_valid, sign_offs_stale, sign_offs_missing
        """

    static func spec(_ row: PostgresRow) throws -> SpecRecord {
        let r = row.makeRandomAccess()
        var record = SpecRecord(
            id: try r["id"].decode(Int64.self), slug: try r["slug"].decode(String.self), title: try r["title"].decode(String.self),
            template: try r["template"].decode(String?.self), status: try r["status"].decode(String?.self), version: try r["version"].decode(String?.self),
            author: try r["author"].decode(String.self), createdAt: try r["created_at"].decode(Date.self), updatedAt: try r["updated_at"].decode(Date.self),
            currentRevision: Int(try r["current_revision"].decode(Int32.self)), contentHash: try r["content_hash"].decode(String.self),
            archived: try r["archived"].decode(Bool.self), completeness: try r["completeness"].decode(Double?.self),
            errorCount: try r["error_count"].decode(Int32?.self).map(Int.init), warningCount: try r["warning_count"].decode(Int32?.self).map(Int.init))
        if let valid = try r["sign_offs_valid"].decode(Int32?.self), let stale = try r["sign_offs_stale"].decode(Int32?.self),
           let missing = try r["sign_offs_missing"].decode(Int32?.self) {
            record.signOffCounts = SignOffCounts(valid: Int(valid), stale: Int(stale), missing: Int(missing))
        }
        return record
    }

    static let revisionColumns = ["id", "spec_id", "number", "markdown", "content_hash", "author", "message", "created_at", "analysis", "analysis_key"]

    /// The spec's and its current revision's columns, for reading both in one query (the
    /// revision's as `r_…`, so names do not clash); made once, not per read.
    static let specAndRevisionColumns = specColumns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        + ", " + revisionColumns.map { "r.\($0) AS r_\($0)" }.joined(separator: ", ")

    /// A revision from a row whose revision columns carry `prefix`.
    static func revision(_ row: PostgresRow, prefix: String = "") throws -> RevisionRecord {
        let r = row.makeRandomAccess()
        var record = RevisionRecord(
            id: try r[prefix + "id"].decode(Int64.self), specID: try r[prefix + "spec_id"].decode(Int64.self), number: Int(try r[prefix + "number"].decode(Int32.self)),
            markdown: try r[prefix + "markdown"].decode(String.self), contentHash: try r[prefix + "content_hash"].decode(String.self),
            author: try r[prefix + "author"].decode(String.self), message: try r[prefix + "message"].decode(String.self),
            createdAt: try r[prefix + "created_at"].decode(Date.self))
        record.analysis = try r[prefix + "analysis"].decode(ByteBuffer?.self).map { Data($0.readableBytesView) }
        record.analysisKey = try r[prefix + "analysis_key"].decode(String?.self)
        return record
    }

    /// The spec called `slug`, locked for this transaction, or ``StoreError/notFound(_:)``.
    static func lockedSpec(_ connection: PostgresConnection, slug: String, logger: Logger) async throws -> SpecRecord {
        let rows = try await connection.query("SELECT \(unescaped: specColumns) FROM spec WHERE slug = \(slug) FOR UPDATE", logger: logger).collect()
        guard let row = rows.first else { throw StoreError.notFound("no spec '\(slug)'") }
        return try spec(row)
    }

    static func specID(_ connection: PostgresConnection, slug: String, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("SELECT id FROM spec WHERE slug = \(slug)", logger: logger).collect()
        guard let row = rows.first else { throw StoreError.notFound("no spec '\(slug)'") }
        return try row.decode(Int64.self)
    }

    public func createSpec(_ facts: SpecFacts, markdown: String, author: String, message: String) async throws -> SpecRecord {
        try await transaction(conflict: "a spec with slug '\(facts.slug)' already exists") { connection in
            let now = Self.now()
            let hash = Self.hash(markdown)
            let counts = facts.signOffCounts
            let inserted = try await connection.query("""
                INSERT INTO spec (slug, title, template, status, version, author, created_at, updated_at, current_revision, content_hash, archived,
                  completeness, error_count, warning_count, sign_offs_valid, sign_offs_stale, sign_offs_missing)
                VALUES (\(facts.slug), \(facts.title), \(facts.template), \(facts.status), \(facts.version), \(author), \(now), \(now), 1, \(hash), FALSE,
                  \(facts.completeness), \(facts.errorCount.map(Int32.init)), \(facts.warningCount.map(Int32.init)),
                  \(counts.map { Int32($0.valid) }), \(counts.map { Int32($0.stale) }), \(counts.map { Int32($0.missing) }))
                RETURNING \(unescaped: Self.specColumns)
                """, logger: self.logger).collect()
            let spec = try Self.spec(inserted[0])
            try await connection.query("""
                INSERT INTO revision (spec_id, number, markdown, content_hash, author, message, created_at, analysis, analysis_key)
                VALUES (\(spec.id!), 1, \(markdown), \(hash), \(author), \(message), \(now), \(facts.analysis.map { ByteBuffer(bytes: $0.data) }), \(facts.analysis?.key))
                """, logger: self.logger)
            try await Self.notify(connection, slug: facts.slug, logger: self.logger)
            return spec
        }
    }

    public func spec(slug: String) async throws -> SpecRecord? {
        try await rows(SpecStatement(slug: slug)).first.map(Self.spec)
    }

    public func specWithCurrentRevision(slug: String) async throws -> (SpecRecord, RevisionRecord)? {
        guard let row = try await rows(SpecWithRevisionStatement(slug: slug)).first else { return nil }
        return (try Self.spec(row), try Self.revision(row, prefix: "r_"))
    }

    public func listSpecs(_ query: SpecQuery) async throws -> [SpecRecord] {
        var builder = SQLBuilder()
        builder.append("SELECT \(Self.specColumns) FROM spec WHERE archived = FALSE")
        builder.filters(query)
        let direction = query.descending ? "DESC" : "ASC"
        if query.order == .slug {
            if let cursor = query.cursor { builder.append(query.descending ? " AND slug < " : " AND slug > "); builder.bind(cursor) }
            builder.append(" ORDER BY slug \(direction)")
        } else {
            // Column expressions from a fixed list, never from the request's text.
            let column = switch query.order {
            case .slug: "slug"
            case .title: "lower(title)"
            case .status: "status"
            case .template: "template"
            case .version: "version"
            case .author: "author"
            case .updated: "updated_at"
            case .completeness: "COALESCE(completeness, 0)"
            case .findings: "COALESCE(error_count, 0) * 1000000 + COALESCE(warning_count, 0)"
            }
            builder.append(" ORDER BY \(column) \(direction) NULLS FIRST, slug \(direction)")
        }
        builder.append(" LIMIT ")
        builder.bind(Int64(query.limit))
        if query.cursor == nil || query.order != .slug {
            builder.append(" OFFSET ")
            builder.bind(Int64(max(0, query.offset)))
        }
        return try await rows(builder.query).map(Self.spec)
    }

    public func countSpecs(_ query: SpecQuery) async throws -> Int {
        var builder = SQLBuilder()
        builder.append("SELECT COUNT(*) FROM spec WHERE archived = FALSE")
        builder.filters(query)
        return Int(try await rows(builder.query)[0].decode(Int64.self))
    }

    public func statusCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await rows("SELECT COALESCE(status, ''), COUNT(*) FROM spec WHERE archived = FALSE GROUP BY COALESCE(status, '')") {
            let (status, count) = try row.decode((String, Int64).self)
            counts[status, default: 0] += Int(count)
        }
        return counts
    }

    public func addRevision(slug: String, _ facts: SpecFacts, markdown: String, author: String, message: String, expectedHash: String?) async throws -> SpecRecord {
        // Most saves are new text over the expected revision: one statement does them.
        let save = SaveRevisionStatement(slug: slug, facts: facts, markdown: markdown, hash: Self.hash(markdown), author: author, message: message,
                                         expectedHash: expectedHash, time: Self.now(), notice: slug)
        if let row = try await rows(save).first { return try Self.spec(row) }
        // Not saved: no such spec, another revision than expected, or the same text.
        return try await transaction { connection in
            // The row lock makes the check and the new revision one step: a concurrent save waits, then sees the new hash.
            var spec = try await Self.lockedSpec(connection, slug: slug, logger: self.logger)
            if let expectedHash, expectedHash != spec.contentHash { throw StoreError.preconditionFailed(current: spec.contentHash) }
            let hash = Self.hash(markdown)
            guard hash != spec.contentHash else {
                if let analysis = facts.analysis {
                    try await connection.query("""
                        UPDATE revision SET analysis = \(ByteBuffer(bytes: analysis.data)), analysis_key = \(analysis.key)
                        WHERE spec_id = \(spec.id!) AND number = \(Int32(spec.currentRevision)) AND (analysis_key IS NULL OR analysis_key <> \(analysis.key))
                        """, logger: self.logger)
                }
                return spec
            }
            let now = Self.now()
            spec.currentRevision += 1
            let counts = facts.signOffCounts
            let updated = try await connection.query("""
                UPDATE spec SET current_revision = \(Int32(spec.currentRevision)), content_hash = \(hash), title = \(facts.title), template = \(facts.template),
                  status = \(facts.status), version = \(facts.version), updated_at = \(now), archived = FALSE, completeness = \(facts.completeness),
                  error_count = \(facts.errorCount.map(Int32.init)), warning_count = \(facts.warningCount.map(Int32.init)),
                  sign_offs_valid = \(counts.map { Int32($0.valid) }), sign_offs_stale = \(counts.map { Int32($0.stale) }), sign_offs_missing = \(counts.map { Int32($0.missing) })
                WHERE id = \(spec.id!) RETURNING \(unescaped: Self.specColumns)
                """, logger: self.logger).collect()
            try await connection.query("""
                INSERT INTO revision (spec_id, number, markdown, content_hash, author, message, created_at, analysis, analysis_key)
                VALUES (\(spec.id!), \(Int32(spec.currentRevision)), \(markdown), \(hash), \(author), \(message), \(now),
                  \(facts.analysis.map { ByteBuffer(bytes: $0.data) }), \(facts.analysis?.key))
                """, logger: self.logger)
            try await Self.notify(connection, slug: slug, logger: self.logger)
            return try Self.spec(updated[0])
        }
    }

    public func archiveSpec(slug: String) async throws -> SpecRecord {
        try await transaction { connection in
            let rows = try await connection.query(
                "UPDATE spec SET archived = TRUE, updated_at = \(Self.now()) WHERE slug = \(slug) RETURNING \(unescaped: Self.specColumns)", logger: self.logger).collect()
            guard let row = rows.first else { throw StoreError.notFound("no spec '\(slug)'") }
            try await Self.notify(connection, slug: slug, logger: self.logger)
            return try Self.spec(row)
        }
    }

    public func setAnalysis(slug: String, revision number: Int, _ analysis: RevisionAnalysis) async throws {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            let updated = try await connection.query("""
                UPDATE revision SET analysis = \(ByteBuffer(bytes: analysis.data)), analysis_key = \(analysis.key)
                WHERE spec_id = \(id) AND number = \(Int32(number)) RETURNING id
                """, logger: self.logger).collect()
            if updated.isEmpty { throw StoreError.notFound("no revision \(number)") }
        }
    }

    public func revisions(slug: String) async throws -> [RevisionRecord] {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            return try await connection.query("SELECT * FROM revision WHERE spec_id = \(id) ORDER BY number", logger: self.logger).collect().map { try Self.revision($0) }
        }
    }

    public func revision(slug: String, number: Int) async throws -> RevisionRecord? {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            return try await connection.query("SELECT * FROM revision WHERE spec_id = \(id) AND number = \(Int32(clamping: number))", logger: self.logger)
                .collect().first.map { try Self.revision($0) }
        }
    }

    static func signOff(_ row: PostgresRow) throws -> SignOffRecord {
        let r = row.makeRandomAccess()
        return SignOffRecord(
            id: try r["id"].decode(Int64.self), specID: try r["spec_id"].decode(Int64.self), revision: Int(try r["revision"].decode(Int32.self)),
            role: try r["role"].decode(String.self), user: try r["user"].decode(String.self), contentHash: try r["content_hash"].decode(String.self),
            createdAt: try r["created_at"].decode(Date.self))
    }

    public func addSignOff(slug: String, role: String, user: String, contentHash: String) async throws -> SignOffRecord {
        try await transaction { connection in
            let spec = try await Self.lockedSpec(connection, slug: slug, logger: self.logger)
            let rows = try await connection.query("""
                INSERT INTO signoff (spec_id, revision, role, "user", content_hash, created_at)
                VALUES (\(spec.id!), \(Int32(spec.currentRevision)), \(role), \(user), \(contentHash), \(Self.now())) RETURNING *
                """, logger: self.logger).collect()
            try await Self.notify(connection, slug: slug, logger: self.logger)
            return try Self.signOff(rows[0])
        }
    }

    public func signOffs(slug: String) async throws -> [SignOffRecord] {
        try await transaction { connection in
            let id = try await Self.specID(connection, slug: slug, logger: self.logger)
            return try await connection.query("SELECT * FROM signoff WHERE spec_id = \(id) ORDER BY id", logger: self.logger).collect().map(Self.signOff)
        }
    }

    public func signOffs(byUser user: String) async throws -> [SignOffEntry] {
        try await rows("""
            SELECT s.slug, s.title, o.* FROM signoff o JOIN spec s ON s.id = o.spec_id WHERE o."user" = \(user) AND s.archived = FALSE ORDER BY o.id DESC
            """).map { row in
            let r = row.makeRandomAccess()
            return SignOffEntry(slug: try r["slug"].decode(String.self), title: try r["title"].decode(String.self), signOff: try Self.signOff(row))
        }
    }
}
