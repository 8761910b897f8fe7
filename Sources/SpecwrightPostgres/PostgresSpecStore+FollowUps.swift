import Foundation
import PostgresNIO
import SpecwrightStore

extension PostgresSpecStore {
    public func writeFollowUps(_ followUps: [FollowUp]) async throws -> Int {
        guard !followUps.isEmpty else { return 0 }
        let rows = try await rows(WriteFollowUpsStatement(json: try Self.followUpsJSON(followUps)))
        return try rows.first.map { try $0.decode(Int.self) } ?? 0
    }

    /// The batch as a JSON array of rows in order, for `jsonb_to_recordset` (absent keys are NULL).
    static func followUpsJSON(_ followUps: [FollowUp]) throws -> String {
        struct Row: Encodable {
            var n: Int
            var key: String
            var kind: String
            var time: Double
            var user: String?
            var action: String?
            var target: String?
            var address: String?
            var outcome: String?
            var event: String?
            var payload: String?
        }
        let rows = followUps.enumerated().map { index, followUp in
            switch followUp.kind {
            case .audit(let entry):
                Row(n: index, key: followUp.key, kind: "audit", time: entry.time.timeIntervalSince1970, user: entry.user, action: entry.action,
                    target: entry.target, address: entry.address, outcome: entry.outcome)
            case .event(let event, let payload, let time):
                Row(n: index, key: followUp.key, kind: "event", time: time.timeIntervalSince1970, event: event, payload: payload.base64EncodedString())
            }
        }
        return String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }

    /// A batch of audit entries and events in one statement (so one round trip and one commit), in
    /// order, each once per idempotency key; returns the deliveries made.
    /// (A data-modifying `WITH` runs to completion whether or not the query reads it.)
    struct WriteFollowUpsStatement: RowsStatement {
        static let name = "specwright_write_follow_ups_v1"
        static let sql = """
            WITH input AS (
              SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n INTEGER, key TEXT, kind TEXT, time DOUBLE PRECISION, "user" TEXT, action TEXT,
                target TEXT, address TEXT, outcome TEXT, event TEXT, payload TEXT)
            ), audited AS (
              INSERT INTO audit (time, "user", action, target, address, outcome, idempotency_key)
              SELECT to_timestamp(time), "user", action, target, address, outcome, key FROM input WHERE kind = 'audit' ORDER BY n
              ON CONFLICT (idempotency_key) DO NOTHING
              RETURNING 1
            ), queued AS (
              INSERT INTO delivery (webhook_id, event, payload, state, attempts, next_attempt_at, created_at, event_key)
              SELECT w.id, i.event, decode(i.payload, 'base64'), 'pending', 0, to_timestamp(i.time), to_timestamp(i.time), i.key
              FROM input i JOIN webhook w ON w.active AND i.event = ANY(w.events) WHERE i.kind = 'event' ORDER BY i.n, w.id
              ON CONFLICT (webhook_id, event_key) DO NOTHING
              RETURNING 1
            )
            SELECT count(*) FROM queued
            """
        static let bindingDataTypes: [PostgresDataType] = [.text]
        let json: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(json)
            return bindings
        }
    }
}
