import Foundation
import GRDB
import SpecwrightStore

// The store's plain records as GRDB records. Rows are decoded by column name rather than through
// `Codable`: the same result (a bad value is an error, not a crash), several times faster, which
// matters for the server's reads of specs it does not hold in memory.

extension UserRole: DatabaseValueConvertible {}

/// A record with an auto-incremented `id`, which an insert fills in.
protocol StoredRecord: FetchableRecord, MutablePersistableRecord {
    var id: Int64? { get set }
}

extension StoredRecord {
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SpecRecord: StoredRecord {
    public static let databaseTableName = "spec"

    public init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), slug: try row.decode(forColumn: "slug"), title: try row.decode(forColumn: "title"),
            template: try row.decode(forColumn: "template"), status: try row.decode(forColumn: "status"), version: try row.decode(forColumn: "version"),
            author: try row.decode(forColumn: "author"), createdAt: try row.decode(forColumn: "createdAt"), updatedAt: try row.decode(forColumn: "updatedAt"),
            currentRevision: try row.decode(forColumn: "currentRevision"), contentHash: try row.decode(forColumn: "contentHash"),
            archived: try row.decode(forColumn: "archived"), completeness: try row.decode(forColumn: "completeness"),
            errorCount: try row.decode(forColumn: "errorCount"), warningCount: try row.decode(forColumn: "warningCount"))
        let valid: Int? = try row.decode(forColumn: "signOffsValid")
        let stale: Int? = try row.decode(forColumn: "signOffsStale")
        let missing: Int? = try row.decode(forColumn: "signOffsMissing")
        if let valid, let stale, let missing {
            signOffCounts = SignOffCounts(valid: valid, stale: stale, missing: missing)
        }
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["slug"] = slug
        container["title"] = title
        container["template"] = template
        container["status"] = status
        container["version"] = version
        container["author"] = author
        container["createdAt"] = createdAt
        container["updatedAt"] = updatedAt
        container["currentRevision"] = currentRevision
        container["contentHash"] = contentHash
        container["archived"] = archived
        container["completeness"] = completeness
        container["errorCount"] = errorCount
        container["warningCount"] = warningCount
        container["signOffsValid"] = signOffCounts?.valid
        container["signOffsStale"] = signOffCounts?.stale
        container["signOffsMissing"] = signOffCounts?.missing
    }
}

extension RevisionRecord: StoredRecord {
    public static let databaseTableName = "revision"

    public init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), specID: try row.decode(forColumn: "specID"), number: try row.decode(forColumn: "number"),
            markdown: try row.decode(forColumn: "markdown"), contentHash: try row.decode(forColumn: "contentHash"), author: try row.decode(forColumn: "author"),
            message: try row.decode(forColumn: "message"), createdAt: try row.decode(forColumn: "createdAt"))
        analysis = try row.decode(forColumn: "analysis")
        analysisKey = try row.decode(forColumn: "analysisKey")
    }
}

extension SignOffRecord: StoredRecord {
    public static let databaseTableName = "signoff"
}

extension UserRecord: StoredRecord {
    public static let databaseTableName = "user"
}

extension SessionRecord: StoredRecord {
    public static let databaseTableName = "session"
}

extension TokenRecord: StoredRecord {
    public static let databaseTableName = "token"
}

extension AuditRecord: StoredRecord {
    public static let databaseTableName = "audit"
}

extension ThreadRecord: StoredRecord {
    public static let databaseTableName = "thread"

    public init(row: Row) throws {
        let kindName: String = try row.decode(forColumn: "kind")
        guard let kind = ThreadKind(rawValue: kindName) else { throw StoreError.conflict("stored thread has an unknown kind '\(kindName)'") }
        let path: String = try row.decode(forColumn: "sectionPath")
        let state: String? = try row.decode(forColumn: "suggestionState")
        self.init(
            id: try row.decode(forColumn: "id"), slug: try row.decode(forColumn: "slug"), kind: kind, author: try row.decode(forColumn: "author"),
            sectionPath: try JSONDecoder().decode([String].self, from: Data(path.utf8)), quote: try row.decode(forColumn: "quote"),
            revision: try row.decode(forColumn: "revision"), suggestion: try row.decode(forColumn: "suggestion"),
            suggestionState: state.flatMap(SuggestionState.init(rawValue:)), createdAt: try row.decode(forColumn: "createdAt"),
            resolvedBy: try row.decode(forColumn: "resolvedBy"), resolvedAt: try row.decode(forColumn: "resolvedAt"))
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["slug"] = slug
        container["kind"] = kind.rawValue
        container["author"] = author
        container["sectionPath"] = String(decoding: try JSONEncoder().encode(sectionPath), as: UTF8.self)
        container["quote"] = quote
        container["revision"] = revision
        container["suggestion"] = suggestion
        container["suggestionState"] = suggestionState?.rawValue
        container["createdAt"] = createdAt
        container["resolvedBy"] = resolvedBy
        container["resolvedAt"] = resolvedAt
    }
}

extension CommentRecord: StoredRecord {
    public static let databaseTableName = "comment"
}

extension InboxItemRecord: StoredRecord {
    public static let databaseTableName = "inboxItem"
}

extension WebhookRecord: StoredRecord {
    public static let databaseTableName = "webhook"

    public init(row: Row) throws {
        let events: String = try row.decode(forColumn: "events")
        self.init(
            id: try row.decode(forColumn: "id"), url: try row.decode(forColumn: "url"), secret: try row.decode(forColumn: "secret"),
            events: events.split(separator: ",").map(String.init), active: try row.decode(forColumn: "active"),
            createdBy: try row.decode(forColumn: "createdBy"), createdAt: try row.decode(forColumn: "createdAt"))
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["url"] = url
        container["secret"] = secret
        container["events"] = events.joined(separator: ",")
        container["active"] = active
        container["createdBy"] = createdBy
        container["createdAt"] = createdAt
    }
}

extension DeliveryRecord: StoredRecord {
    public static let databaseTableName = "delivery"
}

/// Column names used in queries.
enum Columns {
    static let id = Column("id")
    static let slug = Column("slug")
    static let template = Column("template")
    static let archived = Column("archived")
    static let specID = Column("specID")
    static let number = Column("number")
    static let analysis = Column("analysis")
    static let analysisKey = Column("analysisKey")
    static let name = Column("name")
}
