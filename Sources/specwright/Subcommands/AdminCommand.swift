import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightServer
import SpecwrightSQLite
import SpecwrightStore
import SpecwrightWorkspace

extension UserRole: ExpressibleByArgument {}

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administer the server's database.", subcommands: [TokenCommand.self])

    struct TokenCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Create, list or revoke API tokens.", subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a token for a user (creating the user if needed); prints it once.")

            @Option(help: "The user's name.")
            var user: String

            @Option(help: "The role of a new user: \(UserRole.allCases.map(\.rawValue).joined(separator: ", ")).")
            var role: UserRole = .reader

            @OptionGroup var database: DatabaseOption

            func run() async throws {
                let store = try SQLiteSpecStore(path: try database.path())
                let (token, existing) = try await TokenAdministration(store: store).issue(user: user, role: role)
                if existing.role != role {
                    FileHandle.standardError.write(Data("specwright: user '\(user)' exists with role \(existing.role.rawValue); the token carries that role\n".utf8))
                }
                print(token)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens: prefix, user, role, created, and whether revoked (tokens themselves are never stored).")

            @OptionGroup var database: DatabaseOption

            func run() async throws {
                let tokens = try await database.existingStore().tokens()
                let formatter = ISO8601DateFormatter()
                let rows = [["PREFIX", "USER", "ROLE", "CREATED", "STATE"]] + tokens.map { token in
                    [token.prefix, token.user, token.role.rawValue, formatter.string(from: token.createdAt),
                     token.revokedAt.map { "revoked " + formatter.string(from: $0) } ?? "active"]
                }
                let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
                for row in rows {
                    print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token by its first 10 characters.")

            @Argument(help: "The token's first 10 characters (sw_ and 7 more).")
            var prefix: String

            @OptionGroup var database: DatabaseOption

            func run() async throws {
                try await TokenAdministration(store: try database.existingStore()).revoke(prefix: prefix)
                print("revoked")
            }
        }
    }
}

extension DatabaseOption {
    /// The database named by `--db` (or the defaults), which must exist: listing or revoking
    /// tokens of a database nobody created is a mistake in the path.
    func existingStore() throws -> SQLiteSpecStore {
        let path = try path()
        guard FileManager.default.fileExists(atPath: path) else {
            throw SpecwrightError.notFound("no database at \(path) (start `specwright serve` once, or pass --db)")
        }
        return try SQLiteSpecStore(path: path)
    }
}
