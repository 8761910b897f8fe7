import Foundation
import SpecwrightCore
import SpecwrightStore

/// JSON bodies of the API (documented in openapi.yaml).
struct SpecBody: Encodable {
    var slug: String
    var title: String
    var template: String?
    var status: String?
    var version: String?
    var author: String
    var created: Date
    var updated: Date
    var revision: Int
    var etag: String
    var archived: Bool

    init(_ record: SpecRecord) {
        (slug, title, author, archived) = (record.slug, record.title, record.author, record.archived)
        (template, status, version) = (record.template, record.status, record.version)
        (created, updated) = (record.createdAt, record.updatedAt)
        (revision, etag) = (record.currentRevision, record.contentHash)
    }
}

struct SpecList: Encodable {
    var specs: [SpecBody]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey { case specs, nextCursor = "next_cursor" }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(specs, forKey: .specs)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

struct SectionBody: Codable {
    var title: String
    var level: Int
    var line: Int
    var completeness: Double
}

struct RevisionBody: Encodable {
    var number: Int
    var author: String
    var message: String
    var created: Date
    var etag: String
    var markdown: String?

    init(_ record: RevisionRecord, includeText: Bool) {
        (number, author, message) = (record.number, record.author, record.message)
        (created, etag) = (record.createdAt, record.contentHash)
        markdown = includeText ? record.markdown : nil
    }
}

struct RevisionList: Encodable {
    var revisions: [RevisionBody]
}

struct SignOffBody: Encodable {
    var spec: String
    var role: String
    var user: String
    var revision: Int
    var signature: String
    var created: Date

    init(_ record: SignOffRecord, slug: String) {
        spec = slug
        (role, user, revision) = (record.role, record.user, record.revision)
        (signature, created) = (record.contentHash, record.createdAt)
    }
}

struct TemplateBody: Encodable {
    var name: String
    var summary: String
    var source: String
    var statuses: [String]
    var sections: [String]?
    var markdown: String?
}
