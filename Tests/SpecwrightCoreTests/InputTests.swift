import Foundation
import Testing

@testable import SpecwrightCore

/// Bad input on the way in (missing paths, folders without Markdown, invalid UTF-8, binary and
/// oversized files) and safe writes on the way out.
@Suite("Input loading and atomic writes")
struct InputTests {
    /// A temporary folder for one test, removed afterwards.
    final class Folder {
        let url: URL

        init() throws {
            url = try TestSupport.makeTemporaryDirectory()
        }

        deinit {
            TestSupport.removeDirectory(url)
        }

        @discardableResult
        func write(_ path: String, _ bytes: [UInt8]) throws -> URL {
            let file = url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file)
            return file
        }

        @discardableResult
        func write(_ path: String, _ text: String) throws -> URL { try write(path, Array(text.utf8)) }

        /// The folder as a directory URL (with a trailing slash), the form `SpecInput.expand`
        /// needs for its `currentDirectory` (see ``InputTests/relativeToDirectoryWithoutSlash()``).
        var directory: URL { URL(fileURLWithPath: url.path, isDirectory: true) }

        /// The names in a folder below this one (`""`: this folder itself), sorted; listing a folder
        /// that is not there throws.
        func contents(of subfolder: String = "") throws -> [String] {
            let folder = subfolder.isEmpty ? url : url.appendingPathComponent(subfolder, isDirectory: true)
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        }

        /// Files whose names start with `.specwright-` (the writer's temporaries) in a folder below
        /// this one, where a file was written (`""`: this folder itself).
        func temporaries(in subfolder: String = "") throws -> [String] {
            try contents(of: subfolder).filter { $0.hasPrefix(".specwright-") }
        }
    }

    static func refusal(_ outcome: SpecFileLoader.Outcome) -> Diagnostic? {
        if case .refused(let diagnostic) = outcome { return diagnostic }
        return nil
    }

    // MARK: SpecFileLoader

    @Test("A missing file is an io-error")
    func missingFile() throws {
        let folder = try Folder()
        let diagnostic = Self.refusal(SpecFileLoader.load(folder.url.appendingPathComponent("nope.md"), displayPath: "nope.md"))
        #expect(diagnostic == Diagnostic(rule: "io-error", severity: .error, message: "no such file", file: "nope.md", range: nil))
        #expect(diagnostic?.isInputProblem == true)
    }

    @Test("A directory given as a file is an io-error")
    func directoryAsFile() throws {
        let folder = try Folder()
        let diagnostic = Self.refusal(SpecFileLoader.load(folder.url, displayPath: "specs"))
        #expect(diagnostic == Diagnostic(rule: "io-error", severity: .error, message: "is a directory", file: "specs", range: nil))
    }

    @Test("Invalid UTF-8 is refused with the offending byte's line and column")
    func invalidUTF8() throws {
        let folder = try Folder()
        // "# Title\n" is 8 bytes, "abcé" 5 more: the bad byte is at offset 13, line 2, column 5.
        let url = try folder.write("bad.md", Array("# Title\nabc\u{e9}".utf8) + [0xFF] + Array(" rest\n".utf8))
        let diagnostic = try #require(Self.refusal(SpecFileLoader.load(url, displayPath: "bad.md")))
        #expect(diagnostic.rule == "invalid-utf8")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "invalid UTF-8 (byte 0xFF at offset 13); save the file as UTF-8")
        #expect(diagnostic.line == 2 && diagnostic.column == 5)
        #expect(diagnostic.endLine == 2 && diagnostic.endColumn == 5)
        #expect(diagnostic.range?.start.offset == 13)
    }

    @Test("Invalid UTF-8 after a BOM on the first line counts columns after the BOM")
    func invalidUTF8AfterBOM() throws {
        let folder = try Folder()
        let url = try folder.write("bom.md", [0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0xC3, 0x28])
        let diagnostic = try #require(Self.refusal(SpecFileLoader.load(url, displayPath: "bom.md")))
        #expect(diagnostic.rule == "invalid-utf8")
        #expect(diagnostic.message == "invalid UTF-8 (byte 0xC3 at offset 5); save the file as UTF-8")
        #expect("\(diagnostic.line):\(diagnostic.column)" == "1:3")
    }

    @Test("UTF-8 validation finds the first bad sequence", arguments: [
        ([0x61, 0x62], nil),
        (Array("plain ASCII text that is longer than eight bytes".utf8), nil),
        (Array("caf\u{e9} \u{1F680} \u{20AC}".utf8), nil),
        ([0x61, 0x80], 1),                          // lone continuation byte
        ([0xC0, 0x80], 0),                          // overlong NUL
        ([0xE0, 0x80, 0x80], 0),                    // overlong 3-byte
        ([0xED, 0xA0, 0x80], 0),                    // UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),              // above U+10FFFF
        (Array("12345678abc".utf8) + [0xE2, 0x82], 11),  // truncated after the 8-byte fast path
        ([0xF5, 0x80, 0x80, 0x80], 0),              // invalid lead byte
    ] as [([UInt8], Int?)])
    func utf8Validation(_ bytes: [UInt8], _ expected: Int?) {
        #expect(UTF8Validation.firstInvalidOffset(in: bytes) == expected)
    }

    @Test("A binary file (NUL bytes) is refused")
    func binaryFile() throws {
        let folder = try Folder()
        let url = try folder.write("image.md", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        let diagnostic = try #require(Self.refusal(SpecFileLoader.load(url, displayPath: "image.md")))
        #expect(diagnostic.rule == "binary-file")
        #expect(diagnostic.message == "binary file (contains NUL bytes), not Markdown")
        #expect(diagnostic.range == nil)
        #expect(diagnostic.line == 1 && diagnostic.column == 1)
    }

    @Test("A file over the size limit is refused; one at the limit loads")
    func sizeLimit() throws {
        let folder = try Folder()
        let limits = SpecFileLoader.Limits(maxBytes: 100)
        let big = try folder.write("big.md", [UInt8](repeating: UInt8(ascii: "a"), count: 101))
        let diagnostic = try #require(Self.refusal(SpecFileLoader.load(big, displayPath: "big.md", limits: limits)))
        #expect(diagnostic.rule == "file-too-large")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.hasPrefix("file is "))
        #expect(diagnostic.message.hasSuffix(" limit"))
        let exact = try folder.write("exact.md", [UInt8](repeating: UInt8(ascii: "a"), count: 100))
        guard case .loaded(let bytes) = SpecFileLoader.load(exact, displayPath: "exact.md", limits: limits) else {
            Issue.record("a file of exactly maxBytes must load")
            return
        }
        #expect(bytes.count == 100)
        #expect(SpecFileLoader.Limits().maxBytes == 32 << 20)
    }

    @Test("Sizes in the message are megabytes with one decimal")
    func sizeMessage() throws {
        let folder = try Folder()
        let url = try folder.write("big.md", [UInt8](repeating: UInt8(ascii: "a"), count: 3 << 20))
        let diagnostic = try #require(Self.refusal(SpecFileLoader.load(url, displayPath: "big.md", limits: .init(maxBytes: 2 << 20))))
        #expect(diagnostic.message == "file is 3.0 MB, over the 2.0 MB limit")
    }

    @Test("A good file loads byte for byte, BOM and CRLF included")
    func goodFileLoads() throws {
        let folder = try Folder()
        let original: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# T\r\n\r\ntext  \r\n".utf8)
        let url = try folder.write("good.md", original)
        guard case .loaded(let bytes) = SpecFileLoader.load(url, displayPath: "good.md") else {
            Issue.record("expected the file to load")
            return
        }
        #expect(bytes == original)
    }

    // MARK: SpecInput

    @Test("A missing path yields a problem and no files")
    func expandMissingPath() throws {
        let folder = try Folder()
        let (files, problems) = SpecInput.expand(["missing", "also/missing.md"], currentDirectory: folder.directory)
        #expect(files.isEmpty)
        #expect(problems == [
            Diagnostic(rule: "io-error", severity: .error, message: "no such file or directory", file: "missing", range: nil),
            Diagnostic(rule: "io-error", severity: .error, message: "no such file or directory", file: "also/missing.md", range: nil),
        ])
    }

    @Test("A folder with no Markdown yields a problem")
    func expandFolderWithoutMarkdown() throws {
        let folder = try Folder()
        try folder.write("docs/notes.txt", "not markdown")
        try folder.write("docs/.hidden/secret.md", "# hidden")
        let (files, problems) = SpecInput.expand(["docs"], currentDirectory: folder.directory)
        #expect(files.isEmpty)
        #expect(problems == [Diagnostic(rule: "io-error", severity: .error, message: "no Markdown (*.md) files in this directory", file: "docs", range: nil)])
    }

    @Test("Folders are searched recursively, skipping hidden and build folders, sorted, with display paths under the given path")
    func expandFolder() throws {
        let folder = try Folder()
        for path in ["specs/b.md", "specs/a.md", "specs/sub/c.MD", "specs/node_modules/x.md", "specs/.git/y.md", "specs/.build/z.md",
                     "specs/build/w.md", "specs/vendor/v.md", "specs/notes.txt", "specs/.hidden.md"] {
            try folder.write(path, "# \(path)\n")
        }
        let (files, problems) = SpecInput.expand(["specs"], currentDirectory: folder.directory)
        #expect(problems.isEmpty)
        #expect(files.map(\.displayPath) == ["specs/a.md", "specs/b.md", "specs/sub/c.MD"])
        #expect(files.map(\.url.lastPathComponent) == ["a.md", "b.md", "c.MD"])
        // A trailing slash and "." give the same files with matching display paths.
        #expect(SpecInput.expand(["specs/"], currentDirectory: folder.directory).files.map(\.displayPath) == ["specs/a.md", "specs/b.md", "specs/sub/c.MD"])
        #expect(SpecInput.expand(["."], currentDirectory: URL(fileURLWithPath: folder.url.appendingPathComponent("specs").path, isDirectory: true)).files.map(\.displayPath) == ["a.md", "b.md", "sub/c.MD"])
    }

    @Test("A file named directly is taken as given, once, whatever its extension")
    func expandFiles() throws {
        let folder = try Folder()
        try folder.write("specs/a.md", "# A\n")
        try folder.write("notes.txt", "# N\n")
        let (files, problems) = SpecInput.expand(["notes.txt", "specs/a.md", "specs", "./specs/a.md"], currentDirectory: folder.directory)
        #expect(problems.isEmpty)
        #expect(files.map(\.displayPath) == ["notes.txt", "specs/a.md"])
    }

    @Test("Problems with some inputs leave the other files to be checked")
    func otherFilesStillChecked() throws {
        let folder = try Folder()
        try folder.write("specs/1-good.md", String(decoding: TestSupport.generated("feature-spec"), as: UTF8.self))
        try folder.write("specs/2-bad-utf8.md", Array("# Bad ".utf8) + [0xFE] + [0x0A])
        try folder.write("specs/3-binary.md", [0x00, 0x01, 0x02])
        try folder.write("specs/4-big.md", [UInt8](repeating: UInt8(ascii: "#"), count: 64 << 10))
        let (files, problems) = SpecInput.expand(["specs", "gone.md"], currentDirectory: folder.directory)
        #expect(files.map(\.displayPath) == ["specs/1-good.md", "specs/2-bad-utf8.md", "specs/3-binary.md", "specs/4-big.md"])
        #expect(problems.map(\.file) == ["gone.md"])

        let checker = Checker(catalog: .builtin, limits: .init(maxBytes: 32 << 10))
        let reports = checker.check(files: files)
        #expect(reports.map(\.path) == files.map(\.displayPath), "reports keep the input order")
        #expect(reports.map { $0.diagnostics.contains(where: \.isInputProblem) } == [false, true, true, true])
        #expect(reports[0].template == "feature-spec")
        #expect(reports[0].errors == 0)
        #expect(reports[0].completeness != nil)
        #expect(reports.dropFirst().map { $0.diagnostics.map(\.rule) } == [["invalid-utf8"], ["binary-file"], ["file-too-large"]])
        #expect(reports.dropFirst().allSatisfy { $0.completeness == nil && $0.templateSource == "none" })

        let problemReports = problems.map(FileReport.unreadable)
        let run = CheckRun(reports: problemReports + reports)
        #expect(run.inputProblems == 4)
        #expect(run.exitCode == 2)
    }

    @Test("a file that cannot be read becomes a report with the reason")
    func checkRefusedFile() throws {
        let folder = try Folder()
        let url = try folder.write("x.md", [0x00])
        let report = try #require(Checker(catalog: .builtin).check(files: [SpecInput.File(url: url, displayPath: "x.md")]).first)
        #expect(report.diagnostics.map(\.rule) == ["binary-file"])
        #expect(report.errors == 1 && report.completeness == nil && report.templateSource == "none")
    }

    @Test("Relative paths resolve inside currentDirectory even when its URL has no trailing slash")
    func relativeToDirectoryWithoutSlash() throws {
        let folder = try Folder()
        try folder.write("specs/a.md", "# A\n")
        // The folder's URL was made with `appendingPathComponent` before the folder existed, so it
        // has no trailing slash; URL(fileURLWithPath:relativeTo:) then resolves against its parent.
        let base = folder.url
        try #require(!base.hasDirectoryPath)
        let (files, problems) = SpecInput.expand(["specs"], currentDirectory: base)
        #expect(problems.isEmpty)
        #expect(files.map(\.displayPath) == ["specs/a.md"])
    }

    @Test("A symlink loop does not make the same file count many times")
    func symlinkLoop() throws {
        let folder = try Folder()
        try folder.write("specs/a.md", "# A\n")
        try FileManager.default.createSymbolicLink(atPath: folder.url.appendingPathComponent("specs/loop").path, withDestinationPath: ".")
        let (files, problems) = SpecInput.expand(["specs"], currentDirectory: folder.directory)
        #expect(problems.isEmpty)
        #expect(files.map(\.displayPath) == ["specs/a.md"])
    }

    // MARK: AtomicFileWriter

    static func permissions(_ url: URL) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("create writes a new file (and its folders) with 0644 permissions")
    func createWritesNewFile() throws {
        let folder = try Folder()
        let url = folder.url.appendingPathComponent("specs/deep/new.md")
        try AtomicFileWriter.create(url, bytes: Array("# New\r\n".utf8))
        #expect(try [UInt8](Data(contentsOf: url)) == Array("# New\r\n".utf8))
        #expect(try Self.permissions(url) == 0o644)
        // The temporary sits beside the file it becomes: none is left in specs/deep, which holds just the new file.
        #expect(try folder.temporaries(in: "specs/deep").isEmpty)
        #expect(try folder.contents(of: "specs/deep") == ["new.md"])
        #expect(try folder.contents() == ["specs"])
        #expect(try folder.contents(of: "specs") == ["deep"])
    }

    @Test("create refuses to overwrite an existing file and leaves it alone")
    func createRefusesOverwrite() throws {
        let folder = try Folder()
        let url = try folder.write("spec.md", "original")
        #expect(throws: SpecwrightError.fileExists(path: url.path)) {
            try AtomicFileWriter.create(url, bytes: Array("replacement".utf8))
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "original")
        #expect(try folder.temporaries().isEmpty)
        #expect(try folder.contents() == ["spec.md"])
        #expect(SpecwrightError.fileExists(path: url.path).description == "\(url.path): already exists; refusing to overwrite it")
    }

    @Test("replace keeps the file's permissions")
    func replaceKeepsPermissions() throws {
        let folder = try Folder()
        let url = try folder.write("spec.md", "version 1")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        try AtomicFileWriter.replace(url, bytes: Array("version 2".utf8), expected: Array("version 1".utf8))
        #expect(try String(contentsOf: url, encoding: .utf8) == "version 2")
        #expect(try Self.permissions(url) == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        try AtomicFileWriter.replace(url, bytes: Array("version 3".utf8), expected: nil)
        #expect(try String(contentsOf: url, encoding: .utf8) == "version 3")
        #expect(try Self.permissions(url) == 0o755)
        #expect(try folder.temporaries().isEmpty)
        #expect(try folder.contents() == ["spec.md"])
    }

    @Test("replace refuses when the file changed since it was read")
    func replaceRefusesChangedFile() throws {
        let folder = try Folder()
        let url = try folder.write("spec.md", "edited by someone else")
        #expect(throws: SpecwrightError.changedOnDisk(path: url.path)) {
            try AtomicFileWriter.replace(url, bytes: Array("ours".utf8), expected: Array("what we read".utf8))
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "edited by someone else")
        #expect(try folder.temporaries().isEmpty, "the temporary file is cleaned up")
        #expect(try folder.contents() == ["spec.md"])
    }

    @Test("replace fails for a file that does not exist")
    func replaceMissingFile() throws {
        let folder = try Folder()
        let url = folder.url.appendingPathComponent("missing.md")
        #expect(throws: SpecwrightError.self) {
            try AtomicFileWriter.replace(url, bytes: [], expected: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
