import Foundation
import GRDB
import SpecwrightCore
import SpecwrightStore

// Users, tokens, sessions and the audit log.
extension SQLiteSpecStore {
    public func createUser(name: String, role: UserRole, passwordHash: String?, mustChangePassword: Bool) async throws -> UserRecord {
        try await writer.write { db in
            if try UserRecord.filter(Columns.name == name).fetchOne(db) != nil { throw StoreError.conflict("user '\(name)' already exists") }
            var user = UserRecord(id: nil, name: name, role: role, createdAt: Self.now(), passwordHash: passwordHash, mustChangePassword: mustChangePassword)
            try user.insert(db)
            return user
        }
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await writer.read { db in try UserRecord.filter(Columns.name == name).fetchOne(db) }
    }

    public func users() async throws -> [UserRecord] {
        try await writer.read { db in try UserRecord.order(Columns.name).fetchAll(db) }
    }

    public func updateUser(named name: String, _ change: UserChange) async throws -> UserRecord {
        try await writer.write { db in
            guard var user = try UserRecord.filter(Columns.name == name).fetchOne(db) else { throw StoreError.notFound("no user '\(name)'") }
            if let hash = change.passwordHash { user.passwordHash = hash }
            if let must = change.mustChangePassword { user.mustChangePassword = must }
            if let role = change.role { user.role = role }
            if let disabled = change.disabled { user.disabled = disabled }
            try user.update(db)
            if change.passwordHash != nil || change.disabled == true {
                try SessionRecord.filter(Column("userID") == user.id!).deleteAll(db)
            }
            return user
        }
    }

    // MARK: Sessions

    public func createSession(_ session: SessionRecord) async throws -> SessionRecord {
        try await writer.write { db in
            var session = session
            try session.insert(db)
            // Expired sessions are removed as new ones come, so the table stays small.
            try SessionRecord.filter(Column("expiresAt") < Self.now()).deleteAll(db)
            return session
        }
    }

    public func session(idHash: String, idleSince: Date) async throws -> (SessionRecord, UserRecord)? {
        try await writer.read { db in
            guard let session = try SessionRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM session WHERE idHash = ?"), arguments: [idHash]),
                  session.expiresAt > Date(), session.lastSeenAt >= idleSince,
                  let user = try UserRecord.fetchOne(db, key: session.userID), !user.disabled else { return nil }
            return (session, user)
        }
    }

    public func touchSession(idHash: String, at time: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE session SET lastSeenAt = ? WHERE idHash = ?", arguments: [time, idHash])
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE idHash = ?", arguments: [idHash])
        }
    }

    public func addToken(userID: Int64, tokenHash: String, prefix: String) async throws -> TokenRecord {
        try await writer.write { db in
            var token = TokenRecord(id: nil, userID: userID, tokenHash: tokenHash, prefix: prefix, createdAt: Self.now(), revokedAt: nil)
            try token.insert(db)
            return token
        }
    }

    public func user(forTokenHash hash: String) async throws -> UserRecord? {
        try await writer.read { db in
            try UserRecord.fetchOne(db.cachedStatement(sql: "SELECT user.* FROM token JOIN user ON user.id = token.userID WHERE token.tokenHash = ? AND token.revokedAt IS NULL AND user.disabled = 0"), arguments: [hash])
        }
    }

    public func revokeToken(prefix: String) async throws -> Bool {
        try await writer.write { db in
            let tokens = try TokenRecord.filter(sql: "prefix = ? AND revokedAt IS NULL", arguments: [prefix]).fetchAll(db)
            for var token in tokens {
                token.revokedAt = Self.now()
                try token.update(db)
            }
            return !tokens.isEmpty
        }
    }

    public func tokens() async throws -> [TokenEntry] {
        try await writer.read { db in
            let sql = """
                SELECT token.prefix, user.name, user.role, token.createdAt, token.revokedAt
                FROM token JOIN user ON user.id = token.userID ORDER BY token.createdAt, token.id
                """
            return try Row.fetchAll(db, sql: sql).map { row in
                TokenEntry(prefix: try row.decode(atIndex: 0), user: try row.decode(atIndex: 1), role: try row.decode(atIndex: 2),
                             createdAt: try row.decode(atIndex: 3), revokedAt: try row.decode(atIndex: 4))
            }
        }
    }

    public func tokenCount() async throws -> Int {
        try await writer.read { db in try TokenRecord.fetchCount(db) }
    }

    // MARK: Audit

    public func auditLog(_ query: AuditQuery) async throws -> [AuditRecord] {
        try await writer.read { db in
            var request = AuditRecord.all()
            if let user = query.user { request = request.filter(Column("user") == user) }
            if let action = query.action, !action.isEmpty {
                let escaped = action.likeEscaped
                request = request.filter(sql: "action LIKE ? ESCAPE '\\'", arguments: ["\(escaped)%"])
            }
            if let outcome = query.outcome { request = request.filter(Column("outcome") == outcome) }
            if let before = query.before { request = request.filter(Columns.id < before) }
            return try request.order(Columns.id.desc).limit(query.limit).fetchAll(db)
        }
    }
}
