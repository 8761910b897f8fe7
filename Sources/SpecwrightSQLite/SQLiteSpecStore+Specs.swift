import Foundation
import GRDB
import SpecwrightCore
import SpecwrightStore

// Specs, their revisions and analyses, and sign-offs.
extension SQLiteSpecStore {
    public func createSpec(_ facts: SpecFacts, markdown: String, author: String, message: String) async throws -> SpecRecord {
        try await writer.write { db in
            if try SpecRecord.filter(Columns.slug == facts.slug).fetchOne(db) != nil {
                throw StoreError.conflict("a spec with slug '\(facts.slug)' already exists")
            }
            let now = Self.now()
            let hash = Self.hash(markdown)
            var spec = SpecRecord(
                id: nil, slug: facts.slug, title: facts.title, template: facts.template, status: facts.status, version: facts.version,
                author: author, createdAt: now, updatedAt: now, currentRevision: 1, contentHash: hash, archived: false,
                completeness: facts.completeness, errorCount: facts.errorCount, warningCount: facts.warningCount, signOffCounts: facts.signOffCounts)
            try spec.insert(db)
            var revision = RevisionRecord(specID: spec.id!, number: 1, markdown: markdown, contentHash: hash, author: author, message: message, createdAt: now, analysis: facts.analysis)
            try revision.insert(db)
            return spec
        }
    }

    public func spec(slug: String) async throws -> SpecRecord? {
        try await writer.read { db in try SpecRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM spec WHERE slug = ?"), arguments: [slug]) }
    }

    public func specWithCurrentRevision(slug: String) async throws -> (SpecRecord, RevisionRecord)? {
        try await writer.read { db in
            guard let spec = try SpecRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM spec WHERE slug = ?"), arguments: [slug]),
                  let revision = try RevisionRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM revision WHERE specID = ? AND number = ?"), arguments: [spec.id, spec.currentRevision]) else { return nil }
            return (spec, revision)
        }
    }

    /// The specs `query`'s filters select (not its cursor, order or paging).
    private static func filtered(_ query: SpecQuery) -> QueryInterfaceRequest<SpecRecord> {
        var request = SpecRecord.filter(Columns.archived == false)
        if let status = query.status { request = request.filter(sql: "status = ? COLLATE NOCASE", arguments: [status]) }
        if let template = query.template { request = request.filter(Columns.template == template) }
        if let text = query.text, !text.isEmpty {
            // Bound parameter; LIKE wildcards in the user's text are escaped.
            let escaped = text.likeEscaped
            request = request.filter(sql: "title LIKE ? ESCAPE '\\'", arguments: ["%\(escaped)%"])
        }
        return request
    }

    public func listSpecs(_ query: SpecQuery) async throws -> [SpecRecord] {
        try await writer.read { db in
            var request = Self.filtered(query)
            if query.order == .slug {
                if let cursor = query.cursor { request = request.filter(query.descending ? Columns.slug < cursor : Columns.slug > cursor) }
                return try request.order(query.descending ? Columns.slug.desc : Columns.slug).limit(query.limit, offset: query.cursor == nil ? max(0, query.offset) : 0).fetchAll(db)
            }
            // Column expressions from a fixed list, never from the request's text.
            let column = switch query.order {
            case .slug: "slug"
            case .title: "title COLLATE NOCASE"
            case .status: "status"
            case .template: "template"
            case .version: "version"
            case .author: "author"
            case .updated: "updatedAt"
            case .completeness: "COALESCE(completeness, 0)"
            case .findings: "COALESCE(errorCount, 0) * 1000000 + COALESCE(warningCount, 0)"
            }
            let direction = query.descending ? "DESC" : "ASC"
            return try request.order(sql: "\(column) \(direction), slug \(direction)").limit(query.limit, offset: max(0, query.offset)).fetchAll(db)
        }
    }

    public func countSpecs(_ query: SpecQuery) async throws -> Int {
        try await writer.read { db in try Self.filtered(query).fetchCount(db) }
    }

    public func statusCounts() async throws -> [String: Int] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT COALESCE(status, ''), COUNT(*) FROM spec WHERE archived = 0 GROUP BY COALESCE(status, '')"))
            var counts: [String: Int] = [:]
            for row in rows { counts[try row.decode(atIndex: 0) as String, default: 0] += try row.decode(atIndex: 1) as Int }
            return counts
        }
    }

    public func addRevision(slug: String, _ facts: SpecFacts, markdown: String, author: String, message: String, expectedHash: String?) async throws -> SpecRecord {
        try await writer.write { db in
            var spec = try Self.existingSpec(db, slug: slug)
            if let expectedHash, expectedHash != spec.contentHash { throw StoreError.preconditionFailed(current: spec.contentHash) }
            let hash = Self.hash(markdown)
            guard hash != spec.contentHash else {
                if let analysis = facts.analysis { try Self.setAnalysis(db, specID: spec.id!, revision: spec.currentRevision, analysis, unlessSameKey: true) }
                return spec
            }
            let now = Self.now()
            spec.currentRevision += 1
            spec.contentHash = hash
            spec.title = facts.title
            spec.template = facts.template
            spec.status = facts.status
            spec.version = facts.version
            spec.completeness = facts.completeness
            spec.errorCount = facts.errorCount
            spec.warningCount = facts.warningCount
            spec.signOffCounts = facts.signOffCounts
            spec.updatedAt = now
            spec.archived = false
            try spec.update(db)
            var revision = RevisionRecord(
                specID: spec.id!, number: spec.currentRevision, markdown: markdown, contentHash: hash, author: author, message: message, createdAt: now,
                analysis: facts.analysis)
            try revision.insert(db)
            return spec
        }
    }

    public func archiveSpec(slug: String) async throws -> SpecRecord {
        try await writer.write { db in
            var spec = try Self.existingSpec(db, slug: slug)
            spec.archived = true
            spec.updatedAt = Self.now()
            try spec.update(db)
            return spec
        }
    }

    public func setAnalysis(slug: String, revision number: Int, _ analysis: RevisionAnalysis) async throws {
        try await writer.write { db in
            let spec = try Self.existingSpec(db, slug: slug)
            try Self.setAnalysis(db, specID: spec.id!, revision: number, analysis, unlessSameKey: false)
        }
    }

    /// `unlessSameKey` keeps an analysis already made with the same key.
    private static func setAnalysis(_ db: Database, specID: Int64, revision number: Int, _ analysis: RevisionAnalysis, unlessSameKey: Bool) throws {
        let revision = RevisionRecord.filter(Columns.specID == specID && Columns.number == number)
        let target = unlessSameKey ? revision.filter(Columns.analysisKey == nil || Columns.analysisKey != analysis.key) : revision
        let changed = try target.updateAll(db, Columns.analysis.set(to: analysis.data), Columns.analysisKey.set(to: analysis.key))
        if changed == 0, !unlessSameKey, try revision.fetchCount(db) == 0 {
            throw StoreError.notFound("no revision \(number)")
        }
    }

    public func revisions(slug: String) async throws -> [RevisionRecord] {
        try await writer.read { db in
            let spec = try Self.existingSpec(db, slug: slug)
            return try RevisionRecord.filter(Columns.specID == spec.id!).order(Columns.number).fetchAll(db)
        }
    }

    public func revision(slug: String, number: Int) async throws -> RevisionRecord? {
        try await writer.read { db in
            let spec = try Self.existingSpec(db, slug: slug)
            return try RevisionRecord.filter(Columns.specID == spec.id! && Columns.number == number).fetchOne(db)
        }
    }

    public func addSignOff(slug: String, role: String, user: String, contentHash: String) async throws -> SignOffRecord {
        try await writer.write { db in
            let spec = try Self.existingSpec(db, slug: slug)
            var record = SignOffRecord(id: nil, specID: spec.id!, revision: spec.currentRevision, role: role, user: user, contentHash: contentHash, createdAt: Self.now())
            try record.insert(db)
            return record
        }
    }

    public func signOffs(slug: String) async throws -> [SignOffRecord] {
        try await writer.read { db in
            let spec = try Self.existingSpec(db, slug: slug)
            return try SignOffRecord.filter(Columns.specID == spec.id!).order(Columns.id).fetchAll(db)
        }
    }

    public func signOffs(byUser user: String) async throws -> [SignOffEntry] {
        try await writer.read { db in
            let sql = "SELECT spec.slug, spec.title, signoff.* FROM signoff JOIN spec ON spec.id = signoff.specID WHERE signoff.user = ? AND spec.archived = 0 ORDER BY signoff.id DESC"
            return try Row.fetchAll(db, sql: sql, arguments: [user]).map { row in
                SignOffEntry(slug: try row.decode(atIndex: 0), title: try row.decode(atIndex: 1), signOff: try SignOffRecord(row: row))
            }
        }
    }
}
