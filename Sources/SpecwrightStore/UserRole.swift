/// What a user may do, in increasing order: each role can do everything the roles before it can.
///
/// This is a user's permission on the server; a *sign-off role* ("Security Lead") is a row of a
/// spec's sign-off table, a different thing (see `ServerConfiguration.signOffRoles`).
public enum UserRole: String, Sendable, Codable, CaseIterable, Comparable {
    case reader, author, reviewer, approver, admin

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: UserRole, rhs: UserRole) -> Bool { lhs.rank < rhs.rank }
}
