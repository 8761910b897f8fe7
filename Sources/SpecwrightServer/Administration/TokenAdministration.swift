import Foundation
import SpecwrightCore
import SpecwrightStore

/// Users and their API tokens: tokens are random, shown once, and stored only as SHA-256.
///
/// ```swift
/// let token = try await TokenAdministration(store: store).issue(user: "ada", role: .author).token
/// ```
public struct TokenAdministration: Sendable {
    public let store: any SpecStore

    public init(store: any SpecStore) {
        self.store = store
    }

    /// A new token for `user`, creating the user with `role` if there is none; an existing user
    /// keeps the role it has, which the token carries.
    public func issue(user name: String, role: UserRole) async throws -> (token: String, user: UserRecord) {
        let existing = try await store.user(named: name)
        let user = if let existing { existing } else { try await store.createUser(name: name, role: role) }
        let token = Self.newToken()
        _ = try await store.addToken(userID: user.id!, tokenHash: Self.hash(token), prefix: String(token.prefix(Self.prefixLength)))
        return (token, user)
    }

    /// On a store without tokens, the `admin` user's first token (to print once); else nil.
    public func firstAdminToken() async throws -> String? {
        guard try await store.tokenCount() == 0 else { return nil }
        return try await issue(user: "admin", role: .admin).token
    }

    /// Revokes the active tokens starting with `prefix` (its first ``prefixLength`` characters);
    /// ``SpecwrightError/notFound(_:)`` when none is active.
    public func revoke(prefix: String) async throws {
        guard try await store.revokeToken(prefix: String(prefix.prefix(Self.prefixLength))) else {
            throw SpecwrightError.notFound("no active token starts with '\(prefix)'")
        }
    }

    /// How many of a token's first characters are kept to tell tokens apart (`sw_` and 7 more).
    public static let prefixLength = 10

    public static func hash(_ token: String) -> String { SHA256.hex(Array(token.utf8)) }

    /// A new token: `sw_` and 40 random hex digits.
    static func newToken() -> String { "sw_" + randomHex(bytes: 20) }

    /// `bytes` random bytes from the system's generator, as hex digits (tokens, session cookies,
    /// CSRF tokens).
    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(count * 2)
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 15)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
