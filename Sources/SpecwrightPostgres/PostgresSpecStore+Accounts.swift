import Foundation
import PostgresNIO
import SpecwrightStore

// Users, tokens, sessions and the audit log. Users live in the table `account` ("user" is a
// reserved word in PostgreSQL).
extension PostgresSpecStore {
    static let userColumns = "id, name, role, created_at, password_hash, must_change_password, disabled"

    static func user(_ row: PostgresRow) throws -> UserRecord {
        let r = row.makeRandomAccess()
        let roleName = try r["role"].decode(String.self)
        guard let role = UserRole(rawValue: roleName) else { throw StoreError.conflict("stored user has an unknown role '\(roleName)'") }
        return UserRecord(
            id: try r["id"].decode(Int64.self), name: try r["name"].decode(String.self), role: role, createdAt: try r["created_at"].decode(Date.self),
            passwordHash: try r["password_hash"].decode(String?.self), mustChangePassword: try r["must_change_password"].decode(Bool.self),
            disabled: try r["disabled"].decode(Bool.self))
    }

    public func createUser(name: String, role: UserRole, passwordHash: String?, mustChangePassword: Bool) async throws -> UserRecord {
        try await transaction(conflict: "user '\(name)' already exists") { connection in
            let rows = try await connection.query("""
                INSERT INTO account (name, role, created_at, password_hash, must_change_password)
                VALUES (\(name), \(role.rawValue), \(Self.now()), \(passwordHash), \(mustChangePassword)) RETURNING \(unescaped: Self.userColumns)
                """, logger: self.logger).collect()
            return try Self.user(rows[0])
        }
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await rows("SELECT \(unescaped: Self.userColumns) FROM account WHERE name = \(name)").first.map(Self.user)
    }

    public func users() async throws -> [UserRecord] {
        try await rows("SELECT \(unescaped: Self.userColumns) FROM account ORDER BY name").map(Self.user)
    }

    public func updateUser(named name: String, _ change: UserChange) async throws -> UserRecord {
        try await transaction { connection in
            let rows = try await connection.query("""
                UPDATE account SET password_hash = COALESCE(\(change.passwordHash), password_hash),
                  must_change_password = COALESCE(\(change.mustChangePassword), must_change_password),
                  role = COALESCE(\(change.role?.rawValue), role), disabled = COALESCE(\(change.disabled), disabled)
                WHERE name = \(name) RETURNING \(unescaped: Self.userColumns)
                """, logger: self.logger).collect()
            guard let row = rows.first else { throw StoreError.notFound("no user '\(name)'") }
            let user = try Self.user(row)
            if change.passwordHash != nil || change.disabled == true {
                try await connection.query("DELETE FROM session WHERE user_id = \(user.id!)", logger: self.logger)
            }
            return user
        }
    }

    public func addToken(userID: Int64, tokenHash: String, prefix: String) async throws -> TokenRecord {
        let now = Self.now()
        let rows = try await rows("""
            INSERT INTO token (user_id, token_hash, prefix, created_at) VALUES (\(userID), \(tokenHash), \(prefix), \(now)) RETURNING id
            """)
        return TokenRecord(id: try rows[0].decode(Int64.self), userID: userID, tokenHash: tokenHash, prefix: prefix, createdAt: now, revokedAt: nil)
    }

    public func user(forTokenHash hash: String) async throws -> UserRecord? {
        try await rows("""
            SELECT a.id, a.name, a.role, a.created_at, a.password_hash, a.must_change_password, a.disabled
            FROM token t JOIN account a ON a.id = t.user_id WHERE t.token_hash = \(hash) AND t.revoked_at IS NULL AND a.disabled = FALSE
            """).first.map(Self.user)
    }

    public func revokeToken(prefix: String) async throws -> Bool {
        !(try await rows("UPDATE token SET revoked_at = \(Self.now()) WHERE prefix = \(prefix) AND revoked_at IS NULL RETURNING id").isEmpty)
    }

    public func tokens() async throws -> [TokenEntry] {
        try await rows("""
            SELECT t.prefix, a.name, a.role, t.created_at, t.revoked_at FROM token t JOIN account a ON a.id = t.user_id ORDER BY t.created_at, t.id
            """).map { row in
            let (prefix, name, roleName, created, revoked) = try row.decode((String, String, String, Date, Date?).self)
            return TokenEntry(prefix: prefix, user: name, role: UserRole(rawValue: roleName) ?? .reader, createdAt: created, revokedAt: revoked)
        }
    }

    public func tokenCount() async throws -> Int {
        Int(try await rows("SELECT COUNT(*) FROM token")[0].decode(Int64.self))
    }

    // MARK: Sessions

    public func createSession(_ session: SessionRecord) async throws -> SessionRecord {
        try await transaction { connection in
            let rows = try await connection.query("""
                INSERT INTO session (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address)
                VALUES (\(session.idHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \(session.lastSeenAt), \(session.expiresAt), \(session.address))
                RETURNING id
                """, logger: self.logger).collect()
            // Expired sessions are removed as new ones come, so the table stays small.
            try await connection.query("DELETE FROM session WHERE expires_at < \(Self.now())", logger: self.logger)
            var stored = session
            stored.id = try rows[0].decode(Int64.self)
            return stored
        }
    }

    public func session(idHash: String, idleSince: Date) async throws -> (SessionRecord, UserRecord)? {
        let rows = try await rows("""
            SELECT s.id AS s_id, s.id_hash, s.user_id, s.csrf_token, s.created_at AS s_created_at, s.last_seen_at, s.expires_at, s.address,
              a.id, a.name, a.role, a.created_at, a.password_hash, a.must_change_password, a.disabled
            FROM session s JOIN account a ON a.id = s.user_id
            WHERE s.id_hash = \(idHash) AND s.expires_at > \(Date()) AND s.last_seen_at >= \(idleSince) AND a.disabled = FALSE
            """)
        guard let row = rows.first else { return nil }
        let r = row.makeRandomAccess()
        let session = SessionRecord(
            id: try r["s_id"].decode(Int64.self), idHash: try r["id_hash"].decode(String.self), userID: try r["user_id"].decode(Int64.self),
            csrfToken: try r["csrf_token"].decode(String.self), createdAt: try r["s_created_at"].decode(Date.self), lastSeenAt: try r["last_seen_at"].decode(Date.self),
            expiresAt: try r["expires_at"].decode(Date.self), address: try r["address"].decode(String?.self))
        return (session, try Self.user(row))
    }

    public func touchSession(idHash: String, at time: Date) async throws {
        _ = try await rows("UPDATE session SET last_seen_at = \(time) WHERE id_hash = \(idHash)")
    }

    public func deleteSession(idHash: String) async throws {
        _ = try await rows("DELETE FROM session WHERE id_hash = \(idHash)")
    }

    // MARK: Audit

    public func auditLog(_ query: AuditQuery) async throws -> [AuditRecord] {
        var builder = SQLBuilder()
        builder.append("SELECT id, time, \"user\", action, target, address, outcome FROM audit WHERE TRUE")
        if let user = query.user { builder.append(" AND \"user\" = "); builder.bind(user) }
        if let action = query.action, !action.isEmpty {
            let escaped = action.likeEscaped
            builder.append(" AND action LIKE "); builder.bind(escaped + "%"); builder.append(" ESCAPE '\\'")
        }
        if let outcome = query.outcome { builder.append(" AND outcome = "); builder.bind(outcome) }
        if let before = query.before { builder.append(" AND id < "); builder.bind(before) }
        builder.append(" ORDER BY id DESC LIMIT ")
        builder.bind(Int64(query.limit))
        return try await rows(builder.query).map { row in
            let (id, time, user, action, target, address, outcome) = try row.decode((Int64, Date, String?, String, String?, String?, String).self)
            return AuditRecord(id: id, time: time, user: user, action: action, target: target, address: address, outcome: outcome)
        }
    }
}
