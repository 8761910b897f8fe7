import Foundation

/// Where an edited spec is written back. The write must refuse (and write nothing) when the stored
/// text is no longer the one the edit started from, so no one's change is lost.
///
/// Two implementations: ``SpecFile`` (an atomic file replace) and the server's stored revision
/// (a new revision with `If-Match`).
public protocol SpecSaving: Sendable {
    /// What a save returns (nothing for a file; the stored record for the server).
    associatedtype Receipt: Sendable

    /// Saves the edited spec in place of `original`; `summary` says what changed (a revision's
    /// message). The spec comes parsed, so a destination that reads it (the server's facts and
    /// analysis) does not parse it again.
    func save(_ spec: SpecSession, replacing original: [UInt8], summary: String) async throws -> Receipt
}

/// A spec file on disk: read with the loader's limits, replaced atomically (temporary file, fsync,
/// rename), refused if the file changed since it was read.
public struct SpecFile: SpecSaving {
    public let url: URL
    /// The path as the user gave it, for messages and reports.
    public let displayPath: String

    public init(url: URL, displayPath: String) {
        self.url = url
        self.displayPath = displayPath
    }

    public init(path: String) {
        self.init(url: URL(fileURLWithPath: path), displayPath: path)
    }

    /// The file's bytes, or ``SpecwrightError/unreadable(path:reason:)`` naming the problem.
    public func read(limits: SpecFileLoader.Limits = .init()) throws -> [UInt8] {
        switch SpecFileLoader.load(url, displayPath: displayPath, limits: limits) {
        case .loaded(let bytes): return bytes
        case .refused(let diagnostic): throw SpecwrightError.unreadable(path: displayPath, reason: diagnostic.message)
        }
    }

    public func save(_ spec: SpecSession, replacing original: [UInt8], summary: String) throws {
        try AtomicFileWriter.replace(url, bytes: spec.bytes, expected: original)
    }
}
