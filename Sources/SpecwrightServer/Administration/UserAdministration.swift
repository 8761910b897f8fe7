import Foundation
import SpecwrightCore
import SpecwrightStore

/// Users who sign in with passwords: creating them (with a chosen password, or a one-time one they
/// must replace at first sign-in), new passwords, roles, disabling. The CLI's `admin user`
/// commands and the admin page both call this.
///
/// ```swift
/// let (user, oneTime) = try await UserAdministration(store: store, cost: 12).create(name: "sam", role: .approver, password: nil)
/// ```
public struct UserAdministration: Sendable {
    public let store: any SpecStore
    let passwords: PasswordHasher

    public init(store: any SpecStore, cost: UInt8 = 12) {
        self.store = store
        self.passwords = PasswordHasher(cost: cost)
    }

    /// Whether `name` is 1 to 64 letters, digits, `.`, `_` or `-` (what `@mentions` and URLs can carry).
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// Creates a user. Without `password` a one-time password is made, returned (to show once),
    /// and must be changed at first sign-in.
    public func create(name: String, role: UserRole, password: String?) async throws -> (user: UserRecord, oneTimePassword: String?) {
        guard Self.isValidName(name) else { throw SpecwrightError.invalid("user name '\(name)' must be 1–64 of letters, digits, '.', '_' and '-'") }
        if let password { try Self.validate(password) }
        let oneTime = password == nil ? Self.oneTimePassword() : nil
        let hash = try await passwords.hash(password ?? oneTime!)
        let user = try await store.createUser(name: name, role: role, passwordHash: hash, mustChangePassword: password == nil)
        return (user, oneTime)
    }

    /// Sets a user's password; without one, a one-time password is made and returned. Ends the user's sessions.
    public func setPassword(name: String, password: String?) async throws -> String? {
        if let password { try Self.validate(password) }
        let oneTime = password == nil ? Self.oneTimePassword() : nil
        let hash = try await passwords.hash(password ?? oneTime!)
        _ = try await store.updateUser(named: name, UserChange(passwordHash: hash, mustChangePassword: password == nil))
        return oneTime
    }

    public func setDisabled(name: String, _ disabled: Bool) async throws {
        _ = try await store.updateUser(named: name, UserChange(disabled: disabled))
    }

    public func setRole(name: String, _ role: UserRole) async throws {
        _ = try await store.updateUser(named: name, UserChange(role: role))
    }

    /// On a store with no users: the `admin` user, its first API token and a one-time password (to
    /// print once). On a store whose users all lack a password (made before sign-in existed), a
    /// one-time password for `admin`, so someone can sign in. Else nil.
    public func firstStart() async throws -> (token: String?, password: String)? {
        let users = try await store.users()
        if users.isEmpty {
            let password: String?
            do {
                password = try await create(name: "admin", role: .admin, password: nil).oneTimePassword
            } catch StoreError.conflict {
                // Another instance starting on the same database created it first, and prints its password.
                return nil
            }
            let token = try await TokenAdministration(store: store).issue(user: "admin", role: .admin).token
            return (token, password!)
        }
        guard users.allSatisfy({ $0.passwordHash == nil }), let admin = users.first(where: { $0.name == "admin" && $0.role == .admin && !$0.disabled }) else { return nil }
        return (nil, try await setPassword(name: admin.name, password: nil)!)
    }

    static func validate(_ password: String) throws {
        if let problem = PasswordHasher.problem(password) { throw SpecwrightError.invalid(problem) }
    }

    /// 20 characters from an alphabet without look-alikes (about 100 bits).
    static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
