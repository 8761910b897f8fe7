import Foundation
import GRDB
import SpecwrightStore

extension SQLiteSpecStore {
    public func writeFollowUps(_ followUps: [FollowUp]) async throws -> Int {
        guard !followUps.isEmpty else { return 0 }
        return try await writer.write { db in
            var hooks: [WebhookRecord]?
            var deliveries = 0
            for followUp in followUps {
                switch followUp.kind {
                case .audit(let entry):
                    try db.execute(sql: """
                        INSERT INTO audit (time, user, action, target, address, outcome, idempotencyKey) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (idempotencyKey) DO NOTHING
                        """, arguments: [entry.time, entry.user, entry.action, entry.target, entry.address, entry.outcome, followUp.key])
                case .event(let event, let payload, let time):
                    if hooks == nil { hooks = try WebhookRecord.filter(Column("active") == true).order(Columns.id).fetchAll(db) }
                    for hook in hooks! where hook.events.contains(event) {
                        try db.execute(sql: """
                            INSERT INTO delivery (webhookID, event, payload, state, attempts, nextAttemptAt, createdAt, eventKey) VALUES (?, ?, ?, ?, 0, ?, ?, ?)
                            ON CONFLICT (webhookID, eventKey) DO NOTHING
                            """, arguments: [hook.id, event, payload, DeliveryState.pending.rawValue, time, time, followUp.key])
                        deliveries += db.changesCount
                    }
                }
            }
            return deliveries
        }
    }
}
