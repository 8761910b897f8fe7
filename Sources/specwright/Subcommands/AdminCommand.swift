import ArgumentParser
import Foundation
import SpecwrightCore
import SpecwrightServer
import SpecwrightStore

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

            @Option(help: "reader, author, reviewer, approver or admin (for a new user).")
            var role: String = "reader"

            @Option(help: "SQLite database file (default: as serve).")
            var db: String?

            func run() async throws {
                guard let role = Role(rawValue: role) else { throw ValidationError("--role must be one of reader, author, reviewer, approver, admin") }
                let store = try SQLiteSpecStore(path: try DatabaseLocation.path(db))
                if let existing = try await store.user(named: user), existing.role != role.rawValue {
                    FileHandle.standardError.write(Data("specwright: user '\(user)' exists with role \(existing.role); the token carries that role\n".utf8))
                }
                print(try await AdminTokens.create(store: store, user: user, role: role))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens: prefix, user, role, created, and whether revoked (tokens themselves are never stored).")

            @Option(help: "SQLite database file (default: as serve).")
            var db: String?

            func run() async throws {
                let path = try DatabaseLocation.path(db)
                guard FileManager.default.fileExists(atPath: path) else { throw SpecwrightError.invalidArgument("no database at \(path) (start `specwright serve` once, or pass --db)") }
                let tokens = try await SQLiteSpecStore(path: path).tokens()
                let formatter = ISO8601DateFormatter()
                let rows = [["PREFIX", "USER", "ROLE", "CREATED", "STATE"]] + tokens.map { token in
                    [token.prefix, token.user, token.role, formatter.string(from: token.createdAt),
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

            @Option(help: "SQLite database file (default: as serve).")
            var db: String?

            func run() async throws {
                let path = try DatabaseLocation.path(db)
                guard FileManager.default.fileExists(atPath: path) else { throw SpecwrightError.invalidArgument("no database at \(path) (pass --db)") }
                let store = try SQLiteSpecStore(path: path)
                guard try await store.revokeToken(prefix: String(prefix.prefix(10))) else {
                    throw SpecwrightError.invalidArgument("no active token starts with '\(prefix)'")
                }
                print("revoked")
            }
        }
    }
}

enum DatabaseLocation {
    static func path(_ explicit: String?) throws -> String {
        if let explicit { return explicit }
        if let environment = ProcessInfo.processInfo.environment["SPECWRIGHT_DB"] { return environment }
        let context = try CommandContext.load()
        return context.config.server?.db ?? context.workspace.root.appendingPathComponent(".specwright/specwright.db").path
    }
}
