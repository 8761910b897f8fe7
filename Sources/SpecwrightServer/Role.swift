/// What a token may do, in increasing order: each role can do everything the roles before it can.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case reader, author, reviewer, approver, admin

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// The user a request's bearer token belongs to.
public struct AuthenticatedUser: Sendable, Equatable {
    public var name: String
    public var role: Role
}
