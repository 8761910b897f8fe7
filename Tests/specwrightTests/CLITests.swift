import Foundation
import Testing

/// End-to-end tests of the `specwright` executable: each test runs the built binary in its own
/// temporary workspace and checks exit status, output and files written.
///
/// The binary is `<package>/.build/debug/specwright` (built by `swift build` / `swift test`), or
/// the path in `SPECWRIGHT_BIN`.
@Suite("specwright command line")
struct CLITests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["SPECWRIGHT_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/specwright")
    }

    /// A temporary workspace folder, removed when the value goes away.
    final class Workspace {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-cli-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        deinit {
            try? FileManager.default.removeItem(at: url)
        }

        func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

        func read(_ relative: String) throws -> String { try String(contentsOf: path(relative), encoding: .utf8) }

        func write(_ relative: String, _ bytes: [UInt8]) throws {
            let file = path(relative)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file)
        }

        func write(_ relative: String, _ text: String) throws { try write(relative, Array(text.utf8)) }

        /// Runs the executable with `arguments` in `directory` (default: the workspace).
        @discardableResult
        func run(_ arguments: String..., in directory: String? = nil) throws -> Result {
            try run(arguments, in: directory, input: nil)
        }

        /// Runs the executable with `input` on its standard input (nil: none).
        @discardableResult
        func run(_ arguments: [String], in directory: String? = nil, input: String?) throws -> Result {
            let executable = CLITests.executable
            try #require(FileManager.default.isExecutableFile(atPath: executable.path),
                         "specwright executable not found at \(executable.path); run `swift build` first or set SPECWRIGHT_BIN")
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = directory.map { url.appendingPathComponent($0, isDirectory: true) } ?? url
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            process.environment = environment
            // Files, not pipes: large outputs cannot fill a pipe buffer and block the child.
            let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-out-\(UUID().uuidString)")
            let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-err-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            defer {
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
            }
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            process.standardOutput = out
            process.standardError = err
            var inputURL: URL?
            if let input {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-in-\(UUID().uuidString)")
                try Data(input.utf8).write(to: url)
                inputURL = url
                process.standardInput = try FileHandle(forReadingFrom: url)
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            defer { if let inputURL { try? FileManager.default.removeItem(at: inputURL) } }
            try process.run()
            process.waitUntilExit()
            try out.close()
            try err.close()
            return Result(status: process.terminationStatus,
                          stdout: try String(contentsOf: outURL, encoding: .utf8),
                          stderr: try String(contentsOf: errURL, encoding: .utf8))
        }

        /// A workspace holding `specs/payment-retries.md`, freshly generated.
        static func withNewSpec() throws -> Workspace {
            let workspace = try Workspace()
            let result = try workspace.run("new", "Payment Retries", "--author", "Ada")
            try #require(result.status == 0, "new failed: \(result.stderr)")
            return workspace
        }
    }

    static func today() -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
        return String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: templates

    @Test("templates lists the two built-in templates, one per line")
    func templatesList() throws {
        let workspace = try Workspace()
        let result = try workspace.run("templates")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("feature-spec   Feature implementation spec") == true)
        #expect(lines.last?.hasPrefix("system-design  System design spec") == true)
        #expect(result.stderr.isEmpty)
    }

    @Test("templates NAME describes a template; an unknown name exits 2")
    func templatesDescribe() throws {
        let workspace = try Workspace()
        let described = try workspace.run("templates", "system-design")
        #expect(described.status == 0)
        #expect(described.stdout.contains("Sign-off roles: Technical Lead, Product Owner, Security Lead"))
        let unknown = try workspace.run("templates", "nope")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown template 'nope'; known templates: feature-spec, system-design"))
    }

    @Test("A workspace's templates/ folder adds team templates")
    func templatesFromWorkspace() throws {
        let workspace = try Workspace()
        try workspace.write("templates/rfc.md", "<!-- specwright:description Team RFC -->\n# RFC: [TITLE]\n\n**Status**: Open | Closed\n\n## Motivation\n[Why]\n")
        let listed = try workspace.run("templates")
        #expect(listed.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) } == ["feature-spec", "system-design", "rfc"])
        let created = try workspace.run("new", "Ledger", "--template", "rfc", "--author", "Ada")
        #expect(created.status == 0)
        // The template's description comment is copied along with the rest of its text.
        #expect(try workspace.read("specs/ledger.md") == "<!-- specwright:description Team RFC -->\n# RFC: Ledger\n\n<!-- specwright:template rfc -->\n\n**Status**: Open\n\n## Motivation\n[Why]\n")
    }

    // MARK: new

    @Test("new writes specs/<slug>.md and refuses to overwrite it")
    func newCreatesAndRefusesOverwrite() throws {
        let workspace = try Workspace()
        let first = try workspace.run("new", "Payment Retries", "--author", "Ada")
        #expect(first.status == 0)
        #expect(first.stdout == "created specs/payment-retries.md from template 'feature-spec'\n")
        let text = try workspace.read("specs/payment-retries.md")
        #expect(text.hasPrefix("# Payment Retries Technical Specification\n\n<!-- specwright:template feature-spec -->\n\n**Document Status**: DRAFT  \n**Version**: 0.1  \n"))
        #expect(text.contains("**Created**: \(Self.today())  \n"))
        #expect(text.contains("**Author**: Ada  \n"))

        let second = try workspace.run("new", "Payment Retries", "--author", "Grace")
        #expect(second.status == 2)
        #expect(second.stderr.contains("specs/payment-retries.md"))
        #expect(second.stderr.contains("already exists"))
        #expect(try workspace.read("specs/payment-retries.md") == text, "the existing file is untouched")
    }

    @Test("new --stdout prints the spec and writes nothing; --output chooses the file")
    func newStdoutAndOutput() throws {
        let workspace = try Workspace()
        let printed = try workspace.run("new", "Ledger", "--template", "system-design", "--author", "Ada", "--stdout")
        #expect(printed.status == 0)
        #expect(printed.stdout.hasPrefix("# Technical Specification: Ledger\n\n<!-- specwright:template system-design -->\n"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path("specs").path))
        let written = try workspace.run("new", "Ledger", "--author", "Ada", "--output", "docs/ledger.md")
        #expect(written.status == 0)
        #expect(written.stdout == "created docs/ledger.md from template 'feature-spec'\n")
        #expect(FileManager.default.fileExists(atPath: workspace.path("docs/ledger.md").path))
    }

    @Test("new rejects a title without letters or digits, and an unknown template, with exit 2")
    func newUsageErrors() throws {
        let workspace = try Workspace()
        let badTitle = try workspace.run("new", "!!!", "--author", "Ada")
        #expect(badTitle.status == 2)
        #expect(badTitle.stderr.contains("the title needs at least one letter or digit"))
        let badTemplate = try workspace.run("new", "Ledger", "--template", "nope", "--author", "Ada")
        #expect(badTemplate.status == 2)
        #expect(badTemplate.stderr.contains("unknown template 'nope'"))
    }

    @Test("new writes into the workspace found upward from the current folder")
    func newFindsWorkspaceRoot() throws {
        let workspace = try Workspace()
        try workspace.write("specwright.yml", "")
        try FileManager.default.createDirectory(at: workspace.path("docs/deep"), withIntermediateDirectories: true)
        let result = try workspace.run("new", "Ledger", "--author", "Ada", in: "docs/deep")
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path("specs/ledger.md").path))
    }

    // MARK: check

    @Test("check exits 0 on a fresh spec: warnings only")
    func checkFreshSpec() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("check", "specs")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("specs/payment-retries.md  feature-spec, 41% complete\n"))
        #expect(result.stdout.contains("  31:1    warning  unfilled placeholder [Brief description of what this technical implementation will achieve]  placeholder\n"))
        #expect(result.stdout.hasSuffix("✔ 0 errors, 112 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n"))
        #expect(!result.stdout.contains("\u{1B}"))
        // With no path, check defaults to the workspace's specs/ folder.
        #expect(try workspace.run("check").stdout == result.stdout)
    }

    @Test("check exits 1 after an error is introduced")
    func checkError() throws {
        let workspace = try Workspace.withNewSpec()
        let text = try workspace.read("specs/payment-retries.md")
        try workspace.write("specs/payment-retries.md", text.replacingOccurrences(of: "**Document Status**: DRAFT", with: "**Document Status**: BOGUS"))
        let result = try workspace.run("check", "specs")
        #expect(result.status == 1)
        #expect(result.stdout.contains("  5:22    error    'Document Status' is 'BOGUS'; expected one of DRAFT, IN_REVIEW, APPROVED, IMPLEMENTED  field-value\n"))
        #expect(result.stdout.contains("✖ 1 error, 112 warnings in 1 file"))
    }

    @Test("check exits 2 for a missing path, naming it")
    func checkMissingPath() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("check", "nope")
        #expect(result.status == 2)
        #expect(result.stdout.contains("nope\n  1:1  error    no such file or directory  io-error\n"))
        // Other inputs are still checked.
        let mixed = try workspace.run("check", "nope", "specs", "--format", "json")
        #expect(mixed.status == 2)
        let files = try #require(try Self.json(mixed.stdout)["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["nope", "specs/payment-retries.md"])
    }

    @Test("check exits 2 for a file that is not UTF-8, naming it")
    func checkInvalidUTF8() throws {
        let workspace = try Workspace.withNewSpec()
        try workspace.write("specs/latin1.md", Array("# Caf".utf8) + [0xE9, 0x0A])
        let result = try workspace.run("check", "specs", "--format", "github")
        #expect(result.status == 2)
        #expect(result.stdout.contains("::error file=specs/latin1.md,line=1,col=6,endLine=1,endColumn=6,title=specwright invalid-utf8::invalid UTF-8 (byte 0xE9 at offset 5); save the file as UTF-8\n"))
    }

    @Test("check --format json parses and follows the documented schema")
    func checkJSON() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("check", "specs", "--format", "json")
        #expect(result.status == 0)
        let object = try Self.json(result.stdout)
        #expect(Set(object.keys) == ["version", "tool", "summary", "files", "findings"])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["files"] == 1 && summary["errors"] == 0 && summary["warnings"] == 112 && summary["infos"] == 66)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.first?["path"] as? String == "specs/payment-retries.md")
        #expect(files.first?["template"] as? String == "feature-spec")
        #expect(files.first?["templateSource"] as? String == "marker")
        // json reports infos too by default.
        #expect((object["findings"] as? [Any])?.count == 178)
    }

    @Test("check --format sarif parses as SARIF 2.1.0")
    func checkSARIF() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("check", "specs", "--format", "sarif")
        #expect(result.status == 0)
        let object = try Self.json(result.stdout)
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 178)
        let uri = ((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            .flatMap { $0["artifactLocation"] as? [String: String] }?["uri"]
        #expect(uri == "specs/payment-retries.md")
    }

    @Test("check --min-severity error hides warnings; an unknown format is a usage error")
    func checkOptions() throws {
        let workspace = try Workspace.withNewSpec()
        let quiet = try workspace.run("check", "specs", "--min-severity", "error")
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "✔ 0 errors, 112 warnings in 1 file (66 infos hidden; --min-severity info shows them)\n")
        let badFormat = try workspace.run("check", "specs", "--format", "xml")
        #expect(badFormat.status == 2)
        #expect(!badFormat.stderr.isEmpty)
        let badSize = try workspace.run("check", "specs", "--max-file-size", "0")
        #expect(badSize.status == 2)
        #expect(badSize.stderr.contains("--max-file-size must be a positive number of megabytes"))
    }

    @Test("check --template checks against the named template")
    func checkExplicitTemplate() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("check", "specs", "--template", "system-design", "--format", "json")
        #expect(result.status == 1, "a feature spec lacks system-design's sections")
        let files = try #require(try Self.json(result.stdout)["files"] as? [[String: Any]])
        #expect(files.first?["template"] as? String == "system-design")
        #expect(files.first?["templateSource"] as? String == "explicit")
    }

    // MARK: list and show

    @Test("list --format csv has a header line and one row per spec")
    func listCSV() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("list", "specs", "--format", "csv")
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "title,status,version,author,last_updated,completeness,path,template")
        #expect(lines[1] == "Payment Retries Technical Specification,DRAFT,0.1,Ada,\(Self.today()),0.409,specs/payment-retries.md,feature-spec")
        #expect(lines.count == 3 && lines[2].isEmpty)
    }

    @Test("list filters by status and prints an aligned table")
    func listTable() throws {
        let workspace = try Workspace.withNewSpec()
        try #require(try workspace.run("new", "Ledger", "--template", "system-design", "--author", "Grace").status == 0)
        let table = try workspace.run("list", "specs")
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("TITLE"))
        #expect(lines[0].hasSuffix("PATH"))
        #expect(lines[1].hasSuffix("specs/ledger.md"))
        #expect(lines[2].hasSuffix("specs/payment-retries.md"))
        let drafts = try workspace.run("list", "specs", "--status", "draft", "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(drafts.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2, "status matching ignores case: DRAFT and Draft")
    }

    @Test("show prints the outline with a Sections heading")
    func show() throws {
        let workspace = try Workspace.withNewSpec()
        let result = try workspace.run("show", "specs/payment-retries.md")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Payment Retries Technical Specification\nspecs/payment-retries.md · template feature-spec (marker) · 41% complete · 0 errors, 112 warnings\n"))
        #expect(result.stdout.contains("\nSections\n"))
        #expect(result.stdout.contains("\nMetadata\n"))
        #expect(result.stdout.contains("Open checklist items (66)"))
        let json = try workspace.run("show", "specs/payment-retries.md", "--format", "json")
        #expect(try Self.json(json.stdout)["template"] as? String == "feature-spec")
        let missing = try workspace.run("show", "specs/none.md")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("specs/none.md"))
    }

    @Test("show survives a spec whose extra level-1 section has a one-letter title")
    func showShortLevelOneSection() throws {
        let workspace = try Workspace()
        try workspace.write("specs/short.md", "# Title\n\n# A\ntext\n")
        let result = try workspace.run("show", "specs/short.md")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Sections"))
    }

    @Test("--version prints the version")
    func version() throws {
        let workspace = try Workspace()
        let result = try workspace.run("--version")
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test("admin token: create prints a token once, list shows its prefix and state, revoke marks it; a missing database is named")
    func adminTokens() throws {
        let workspace = try Workspace()
        let missing = try workspace.run("admin", "token", "list", "--db", "nowhere/specwright.db")
        #expect(missing.status == 2 && missing.stderr.contains("no database at nowhere/specwright.db"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path("nowhere").path))

        let created = try workspace.run("admin", "token", "create", "--user", "ada", "--role", "approver", "--db", "db/s.db")
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("sw_") && token.count == 43)

        let listed = try workspace.run("admin", "token", "list", "--db", "db/s.db")
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("PREFIX"))
        #expect(lines[1].hasPrefix(String(token.prefix(10))) && lines[1].contains("ada") && lines[1].contains("approver") && lines[1].hasSuffix("active"))
        #expect(!listed.stdout.contains(token))

        #expect(try workspace.run("admin", "token", "revoke", String(token.prefix(10)), "--db", "db/s.db").status == 0)
        #expect(try workspace.run("admin", "token", "list", "--db", "db/s.db").stdout.contains("revoked "))
        #expect(try workspace.run("admin", "token", "revoke", String(token.prefix(10)), "--db", "db/s.db").status == 2)
    }

    @Test("admin user: create with a password from standard input or a one-time one, passwd, disable and enable; bad input exits 2 naming it")
    func adminUsers() throws {
        let workspace = try Workspace()
        let created = try workspace.run(["admin", "user", "create", "ada", "--role", "author", "--password-stdin", "--db", "db/s.db"], input: "a-long-password\n")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "created ada (author)\n")
        let oneTime = try workspace.run("admin", "user", "create", "sam", "--role", "approver", "--one-time", "--db", "db/s.db")
        #expect(oneTime.status == 0)
        #expect(oneTime.stdout.range(of: #"^created sam \(approver\)\none-time password \(shown once\): [A-Za-z2-9]{20}\n$"#, options: .regularExpression) != nil, "\(oneTime.stdout)")
        let short = try workspace.run(["admin", "user", "create", "bob", "--role", "reader", "--password-stdin", "--db", "db/s.db"], input: "short\n")
        #expect(short.status == 2 && short.stderr.contains("a password must be 10 to 72 bytes long"))
        let taken = try workspace.run(["admin", "user", "create", "ada", "--role", "reader", "--password-stdin", "--db", "db/s.db"], input: "another-password\n")
        #expect(taken.status == 2 && taken.stderr == "specwright: error: user 'ada' already exists\n")
        let badName = try workspace.run("admin", "user", "create", "a b", "--role", "reader", "--one-time", "--db", "db/s.db")
        #expect(badName.status == 2 && badName.stderr.contains("user name 'a b'"))
        // No terminal and no --password-stdin: refused, not a hang.
        let noTerminal = try workspace.run("admin", "user", "create", "eve", "--role", "reader", "--db", "db/s.db")
        #expect(noTerminal.status == 2 && noTerminal.stderr.contains("--password-stdin"))
        let passwd = try workspace.run(["admin", "user", "passwd", "ada", "--password-stdin", "--db", "db/s.db"], input: "a-newer-password\n")
        #expect(passwd.status == 0 && passwd.stdout == "password changed\n")
        #expect(try workspace.run("admin", "user", "disable", "ada", "--db", "db/s.db").stdout == "disabled ada\n")
        #expect(try workspace.run("admin", "user", "enable", "ada", "--db", "db/s.db").stdout == "enabled ada\n")
        let unknown = try workspace.run("admin", "user", "disable", "zed", "--db", "db/s.db")
        #expect(unknown.status == 2 && unknown.stderr == "specwright: error: no user 'zed'\n")

        // A backup is a complete database: the copy lists the same users.
        let backup = try workspace.run("admin", "backup", "backups/copy.db", "--db", "db/s.db")
        #expect(backup.status == 2 && backup.stderr.contains("backups"), "the folder must exist: \(backup.stderr)")
        try FileManager.default.createDirectory(at: workspace.path("backups"), withIntermediateDirectories: true)
        let made = try workspace.run("admin", "backup", "backups/copy.db", "--db", "db/s.db")
        #expect(made.status == 0 && made.stdout.hasPrefix("backed up db/s.db to backups/copy.db ("), "\(made.stderr)")
        let copy = try workspace.run(["admin", "user", "passwd", "sam", "--password-stdin", "--db", "backups/copy.db"], input: "from-the-copy-1\n")
        #expect(copy.status == 0)
        // Not a file path nor a PostgreSQL URL: refused, naming the flag.
        let bad = try workspace.run("admin", "token", "list", "--db", "mysql://root@localhost/specs")
        #expect(bad.status == 2 && bad.stderr == "specwright: error: --db: 'mysql://root@localhost/specs' is neither a SQLite file path nor a postgresql:// URL\n")
        let secret = try workspace.run("admin", "token", "list", "--db", "postgresql://sw:hunter2@127.0.0.1:1/")
        #expect(secret.status == 2 && !secret.stderr.contains("hunter2"))
    }
}
