import Foundation
import SpecwrightCore
import SpecwrightStore

/// Imports a folder of Markdown files as specs (slug = file name): new files are created, changed
/// ones get a revision, unchanged ones nothing. A file that cannot be imported is reported with the
/// reason and the others still are.
public struct SpecImporter: Sendable {
    let store: any SpecStore
    let environment: SpecEnvironment

    public init(store: any SpecStore, environment: SpecEnvironment) {
        self.store = store
        self.environment = environment
    }

    public struct Result: Sendable {
        public var created = 0
        public var revised = 0
        public var unchanged = 0
        /// Display path and reason of each file not imported.
        public var skipped: [(path: String, reason: String)] = []
    }

    /// A file to save: its text and what the store already has under its slug.
    private struct Pending: Sendable {
        var slug: String
        var markdown: String
        var displayPath: String
        var existing: SpecRecord?
    }

    public func importFolder(_ folder: URL) async throws -> Result {
        let (files, problems) = SpecInput.expand([folder.path])
        var result = Result()
        result.skipped = problems.map { ($0.file, $0.message) }
        let service = SpecService(store: store, environment: environment)
        // Reading facts and analysing is the slow part: it runs on every core, a batch at a time;
        // the writes go one by one.
        let batchSize = max(2, ProcessInfo.processInfo.activeProcessorCount) * 16
        for start in stride(from: 0, to: files.count, by: batchSize) {
            var pending: [Pending] = []
            for file in files[start..<min(start + batchSize, files.count)] {
                let bytes: [UInt8]
                switch SpecFileLoader.load(file.url, displayPath: file.displayPath) {
                case .refused(let problem):
                    result.skipped.append((file.displayPath, problem.message))
                    continue
                case .loaded(let loaded):
                    bytes = loaded
                }
                let slug = SpecGenerator.slug(file.url.deletingPathExtension().lastPathComponent)
                guard SpecService.isValidSlug(slug) else {
                    result.skipped.append((file.displayPath, "the file name gives no usable slug (1-100 of a-z, 0-9 and '-')"))
                    continue
                }
                let existing = try await store.spec(slug: slug)
                // Unchanged text needs neither parsing nor checking (a missing analysis is made on first read).
                if let existing, existing.contentHash == SHA256.hex(bytes) {
                    result.unchanged += 1
                    continue
                }
                pending.append(Pending(slug: slug, markdown: String(decoding: bytes, as: UTF8.self), displayPath: file.displayPath, existing: existing))
            }
            let facts = await withTaskGroup(of: (Int, SpecFacts).self) { group in
                for (index, item) in pending.enumerated() {
                    group.addTask { (index, service.facts(item.markdown, slug: item.slug)) }
                }
                var facts = [SpecFacts?](repeating: nil, count: pending.count)
                for await (index, made) in group { facts[index] = made }
                return facts
            }
            for (item, facts) in zip(pending, facts) {
                guard let facts else { continue }
                let message = "imported from \(item.displayPath)"
                if let existing = item.existing {
                    let saved = try await store.addRevision(slug: item.slug, facts, markdown: item.markdown, author: "import", message: message, expectedHash: nil)
                    if saved.currentRevision == existing.currentRevision { result.unchanged += 1 } else { result.revised += 1 }
                } else {
                    do {
                        _ = try await store.createSpec(facts, markdown: item.markdown, author: "import", message: message)
                        result.created += 1
                    } catch StoreError.conflict {
                        // Another instance starting at the same time created it first: the same
                        // text makes no new revision, a different one is saved over it.
                        let before = try await store.spec(slug: item.slug)
                        let saved = try await store.addRevision(slug: item.slug, facts, markdown: item.markdown, author: "import", message: message, expectedHash: nil)
                        if saved.currentRevision == before?.currentRevision { result.unchanged += 1 } else { result.revised += 1 }
                    }
                }
            }
        }
        return result
    }
}
