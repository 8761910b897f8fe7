import Foundation
import GRDB

// Rows decoded by column name instead of through `Codable`: the same result (a bad value is an
// error, not a crash), several times faster, which matters for the server's reads of specs it does
// not hold in memory.

extension SpecRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        slug = try row.decode(forColumn: "slug")
        title = try row.decode(forColumn: "title")
        template = try row.decode(forColumn: "template")
        status = try row.decode(forColumn: "status")
        version = try row.decode(forColumn: "version")
        author = try row.decode(forColumn: "author")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
        currentRevision = try row.decode(forColumn: "currentRevision")
        contentHash = try row.decode(forColumn: "contentHash")
        archived = try row.decode(forColumn: "archived")
    }
}

extension RevisionRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        specID = try row.decode(forColumn: "specID")
        number = try row.decode(forColumn: "number")
        markdown = try row.decode(forColumn: "markdown")
        contentHash = try row.decode(forColumn: "contentHash")
        author = try row.decode(forColumn: "author")
        message = try row.decode(forColumn: "message")
        createdAt = try row.decode(forColumn: "createdAt")
        analysis = try row.decode(forColumn: "analysis")
        analysisKey = try row.decode(forColumn: "analysisKey")
    }
}
