import ArgumentParser
import Foundation
import Logging
import SpecwrightCore
import SpecwrightServer
import SpecwrightSQLite
import SpecwrightStore
import SpecwrightWorkspace

extension UserRole: ExpressibleByArgument {}

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administer the server's database.", subcommands: [UserCommand.self, TokenCommand.self, Backup.self, Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy everything from one database to another (SQLite to PostgreSQL, or back), then verify it.",
            discussion: """
                Copies specs, every revision with its hash and stored analysis, sign-offs, users (password hashes), tokens (hashes), \
                sessions and the audit log, keeping ids, in one transaction. Then reads the target back and compares row counts, \
                every spec's content hash and every revision's text against its hash, and prints them. A target that holds specs \
                or users is refused unless --replace (remove what it holds first) or --merge (add to it: ids are renumbered, \
                users and webhooks of the same name or URL become the target's, a slug in both databases refuses the merge). \
                Merge into a database no server is writing to.
                """)

        @Option(help: "The source: a SQLite file or a postgresql:// URL.")
        var from: String

        @Option(help: "The target: a postgresql:// URL or a SQLite file.")
        var to: String

        @Flag(help: "Remove what the target holds first.")
        var replace = false

        @Flag(help: "Add to what the target holds (its users, tokens and webhooks stay; specs must not share a slug).")
        var merge = false

        func run() async throws {
            guard !(replace && merge) else { throw SpecwrightError.invalid("--replace and --merge exclude each other") }
            let logger = Logger(label: "specwright")
            let source = try StoreLocation(from), target = try StoreLocation(to)
            guard source.description != target.description else { throw SpecwrightError.invalid("--from and --to name the same database") }
            guard let reader = try await source.openExisting(logger: logger) as? any SpecStoreTransfer,
                  let writer = try await target.open(logger: logger) as? any SpecStoreTransfer else {
                throw SpecwrightError.invalid("this store cannot be migrated")
            }
            let contents = try await reader.exportContents()
            let before = merge ? try await writer.exportContents() : StoreContents()
            let added: StoreContents
            do {
                added = merge ? try contents.prepared(forMergingInto: before) : contents
            } catch let conflict as MergeConflict {
                throw SpecwrightError.conflict("cannot merge \(source) into \(target): \(conflict)")
            }
            do {
                try await writer.importContents(added, mode: merge ? .adding : replace ? .replacing : .intoEmpty)
            } catch StoreError.conflict(let reason) {
                if merge { throw SpecwrightError.conflict("cannot merge into \(target): \(reason); nothing was copied") }
                throw SpecwrightError.conflict("\(target) is not empty: pass --replace to remove what it holds, or --merge to add to it")
            }
            let copied = try await writer.exportContents()
            let report = MigrationCheck(source: contents, added: added, before: before, target: copied, merging: merge)
            print(merge ? "merged \(source) into \(target)" : "copied \(source) to \(target)")
            for line in report.lines { print("  " + line) }
            guard report.isComplete else { throw SpecwrightError.conflict("the copy does not match the source (see above)") }
        }
    }

    /// What a migration's check compares: counts (the target's before, plus what was added), the
    /// source's spec hashes in the target, and each revision's text in the target against its hash.
    struct MigrationCheck {
        var lines: [String] = []
        var isComplete: Bool

        init(source: StoreContents, added: StoreContents, before: StoreContents, target: StoreContents, merging: Bool) {
            var complete = true
            for ((name, had), ((_, adding), (_, has))) in zip(before.counts, zip(added.counts, target.counts)) {
                complete = complete && had + adding == has
                let expected = merging ? "\(had) + \(adding)" : "\(adding)"
                lines.append("\(name): \(expected) → \(has)\(had + adding == has ? "" : "  MISMATCH")")
            }
            let hashes = Dictionary(target.specs.map { ($0.slug, $0.contentHash) }, uniquingKeysWith: { first, _ in first })
            let matchingSpecs = source.specs.count { hashes[$0.slug] == $0.contentHash }
            let verifiedRevisions = target.revisions.count { SHA256.hex(Array($0.markdown.utf8)) == $0.contentHash }
            lines.append("content hashes: \(matchingSpecs) of \(source.specs.count) specs match; \(verifiedRevisions) of \(target.revisions.count) revisions match their text")
            isComplete = complete && matchingSpecs == source.specs.count && verifiedRevisions == target.revisions.count
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite database to FILE, safely while the server runs (SQLite's online backup).",
            discussion: "For PostgreSQL use pg_dump and pg_restore (see the README's operations section).")

        @Argument(help: "The backup file (replaced atomically if it exists).")
        var file: String

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let location = try database.location()
            guard case .sqlite = location else {
                throw SpecwrightError.invalid("admin backup copies SQLite databases; for PostgreSQL use pg_dump (see the README's operations section)")
            }
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw SpecwrightError.writeFailed(path: file, reason: "the folder \(folder) does not exist")
            }
            guard let store = try await location.openExisting(logger: Logger(label: "specwright")) as? SQLiteSpecStore else { return }
            do {
                try store.backup(to: file)
            } catch {
                throw SpecwrightError.writeFailed(path: file, reason: "\(error)")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            print("backed up \(location) to \(file) (\(size) bytes)")
        }
    }

    struct UserCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user", abstract: "Create users who sign in to the web app, set passwords, disable users.",
            subcommands: [Create.self, Passwd.self, Disable.self, Enable.self])

        /// Reads a password: one line of standard input with `--password-stdin`, else a prompt without echo.
        static func password(fromStandardInput: Bool, prompt: String) throws -> String {
            if fromStandardInput {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw SpecwrightError.invalid("no password on standard input") }
                return line
            }
            guard isatty(STDIN_FILENO) != 0 else {
                throw SpecwrightError.invalid("standard input is not a terminal: pass --password-stdin and the password on one line, or --one-time")
            }
            guard let first = getpass(prompt).map({ String(cString: $0) }), let second = getpass("Again: ").map({ String(cString: $0) }) else {
                throw SpecwrightError.invalid("no password read")
            }
            guard first == second else { throw SpecwrightError.invalid("the two passwords differ") }
            return first
        }

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a user with a password (prompted, or --password-stdin), or a one-time password (--one-time) they replace at first sign-in.")

            @Argument(help: "The user's name (letters, digits, '.', '_', '-').")
            var name: String

            @Option(help: "The role: \(UserRole.allCases.map(\.rawValue).joined(separator: ", ")).")
            var role: UserRole

            @Flag(help: "Read the password from one line of standard input.")
            var passwordStdin = false

            @Flag(help: "Make a one-time password and print it.")
            var oneTime = false

            @OptionGroup var database: DatabaseOption

            func run() async throws {
                let store = try await database.store()
                let password = oneTime ? nil : try UserCommand.password(fromStandardInput: passwordStdin, prompt: "Password for \(name): ")
                let (user, oneTimePassword) = try await UserAdministration(store: store).create(name: name, role: role, password: password)
                print("created \(user.name) (\(user.role.rawValue))")
                if let oneTimePassword { print("one-time password (shown once): \(oneTimePassword)") }
            }
        }

        struct Passwd: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set a user's password (prompted, --password-stdin, or --one-time); ends their sessions.")

            @Argument(help: "The user's name.")
            var name: String

            @Flag(help: "Read the password from one line of standard input.")
            var passwordStdin = false

            @Flag(help: "Make a one-time password and print it.")
            var oneTime = false

            @OptionGroup var database: DatabaseOption

            func run() async throws {
                let store = try await database.existingStore()
                let password = oneTime ? nil : try UserCommand.password(fromStandardInput: passwordStdin, prompt: "New password for \(name): ")
                if let oneTimePassword = try await UserAdministration(store: store).setPassword(name: name, password: password) {
                    print("one-time password (shown once): \(oneTimePassword)")
                } else {
                    print("password changed")
                }
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable a user: no sign-in, no tokens; their history stays.")

            @Argument(help: "The user's name.")
            var name: String

            @OptionGroup var database: DatabaseOption

            func run() async throws {
                try await UserAdministration(store: try await database.existingStore()).setDisabled(name: name, true)
                print("disabled \(name)")
            }
        }

        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Enable a disabled user again.")

            @Argument(help: "The user's name.")
            var name: String

            @OptionGroup var database: DatabaseOption

            func run() async throws {
                try await UserAdministration(store: try await database.existingStore()).setDisabled(name: name, false)
                print("enabled \(name)")
            }
        }
    }

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
                let store = try await database.store()
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
                try await TokenAdministration(store: try await database.existingStore()).revoke(prefix: prefix)
                print("revoked")
            }
        }
    }
}
