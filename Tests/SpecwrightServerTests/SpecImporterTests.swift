import Foundation
import SpecwrightEmbeddedChecks
import SpecwrightCore
import SpecwrightServer
import SpecwrightSQLite
import SpecwrightStore
import Testing

/// `serve --workspace DIR` imports the folder: idempotent, revisions for changed files, and files it
/// cannot import named with the reason.
@Suite("serve: folder import")
struct SpecImporterTests {
    static let examples = Samples.repositoryRoot.appendingPathComponent("examples/specs")

    @Test("new files are created with their analyses, unchanged ones skipped, changed ones revised; bad files are reported")
    func importFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter { $0.hasSuffix(".md") }.sorted()
        for name in names {
            try FileManager.default.copyItem(at: Self.examples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try Data([0x23, 0x20, 0xFF, 0xFE, 0x0A]).write(to: folder.appendingPathComponent("broken.md"))
        try Data("# Odd\n".utf8).write(to: folder.appendingPathComponent("---.md"))

        let store = try SQLiteSpecStore()
        let checker = Checker(catalog: .builtin, rules: .withEmbeddedChecks)
        let importer = SpecImporter(store: store, environment: SpecEnvironment(checker: checker))
        let first = try await importer.importFolder(folder)
        #expect(first.created == names.count && first.revised == 0 && first.unchanged == 0)
        #expect(first.skipped.map(\.path).sorted().map { URL(fileURLWithPath: $0).lastPathComponent } == ["---.md", "broken.md"])
        #expect(first.skipped.count == 2 && first.skipped.allSatisfy { !$0.reason.isEmpty })
        for name in names {
            let slug = String(name.dropLast(3))
            let revision = try #require(try await store.revision(slug: slug, number: 1))
            #expect(revision.analysisKey == checker.fingerprint && revision.analysis != nil)
        }

        let again = try await importer.importFolder(folder)
        #expect(again.created == 0 && again.revised == 0 && again.unchanged == names.count)

        let edited = folder.appendingPathComponent(names[0])
        try (String(contentsOf: edited, encoding: .utf8) + "\nOne more line.\n").write(to: edited, atomically: true, encoding: .utf8)
        let third = try await importer.importFolder(folder)
        #expect(third.revised == 1 && third.unchanged == names.count - 1)
        #expect(try await store.spec(slug: String(names[0].dropLast(3)))?.currentRevision == 2)
    }
}
