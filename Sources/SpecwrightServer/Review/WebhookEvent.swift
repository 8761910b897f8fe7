import Foundation
import SpecwrightStore

/// The events a webhook can subscribe to.
public enum WebhookEvent: String, Sendable, CaseIterable, Codable {
    case specCreated = "spec.created"
    case revisionCreated = "revision.created"
    case statusChanged = "status.changed"
    case signOffRecorded = "signoff.recorded"
    case signOffStale = "signoff.stale"
    case threadCreated = "thread.created"
    case commentCreated = "comment.created"
    case concernOpened = "concern.opened"
    case concernResolved = "concern.resolved"
    case reviewRequested = "review.requested"
}

/// The JSON body of a delivery: what happened, to which spec, by whom, and the event's own part.
struct EventPayload: Encodable {
    struct SpecPart: Encodable {
        var slug: String
        var title: String
        var status: String?
        var revision: Int
        var etag: String
    }

    struct Transition: Encodable {
        var from: String?
        var to: String?
    }

    struct StaleSignOff: Encodable {
        var role: String
        var user: String
    }

    var id: String
    var event: WebhookEvent
    var createdAt: Date
    var actor: String
    var spec: SpecPart
    var thread: ThreadBody?
    var comment: CommentBody?
    var signoff: SignOffBody?
    var transition: Transition?
    var stale: [StaleSignOff]?
    var reviewers: [String]?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case id, event, createdAt = "created_at", actor, spec, thread, comment, signoff, transition, stale, reviewers, message
    }

    init(_ event: WebhookEvent, actor: String, spec record: SpecRecord, time: Date = Date()) {
        id = "evt_" + TokenAdministration.randomHex(bytes: 12)
        self.event = event
        createdAt = time
        self.actor = actor
        spec = SpecPart(slug: record.slug, title: record.title, status: record.status, revision: record.currentRevision, etag: record.contentHash)
    }
}
