import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the event loops (a hash at cost 12 takes a fifth of a second of CPU).
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    /// A hash at this cost of a random string nobody knows: checked when there is no real hash,
    /// so a refusal takes as long for an unknown name as for a wrong password.
    let unusableHash: String

    public init(cost: UInt8) {
        self.cost = max(4, min(cost, 31))
        unusableHash = Bcrypt.hash(SessionAuthority.randomToken(), cost: self.cost)
    }

    /// Shortest and longest password accepted (bcrypt reads at most 72 bytes).
    public static let lengths = 10...72

    /// Why `password` cannot be used (too short, or too long for bcrypt), or nil.
    public static func problem(_ password: String) -> String? {
        lengths.contains(password.utf8.count) ? nil : "a password must be \(lengths.lowerBound) to \(lengths.upperBound) bytes long"
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. Without a hash (an unknown user, or one without a
    /// password) a hash is still checked, so the answer takes as long and says nothing about
    /// which names exist.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? unusableHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
