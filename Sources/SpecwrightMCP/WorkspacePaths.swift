import Foundation

/// Keeps every path an agent gives inside the workspace.
///
/// Paths are relative to the workspace root. Refused: absolute paths, `..` components, and
/// anything that resolves (through symbolic links) outside the root.
public struct WorkspacePaths: Sendable {
    public let root: URL
    private let realRoot: String

    public init(root: URL) {
        self.root = root.standardizedFileURL
        self.realRoot = Self.realPath(root.standardizedFileURL.path) ?? root.standardizedFileURL.path
    }

    /// The file URL for a workspace-relative path, or an error saying why it is refused.
    public func resolve(_ path: String) throws -> URL {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw PathError("the path is empty") }
        guard !trimmed.hasPrefix("/") && !trimmed.hasPrefix("~") else {
            throw PathError("'\(path)' is absolute; give a path relative to the workspace")
        }
        let components = trimmed.split(separator: "/")
        guard !components.contains("..") else { throw PathError("'\(path)' leaves the workspace ('..' is not allowed)") }
        let url = root.appendingPathComponent(trimmed).standardizedFileURL
        // Resolve links on the deepest part that exists: a new file's folder, or the file itself.
        var probe = url
        while !FileManager.default.fileExists(atPath: probe.path) && probe.path != root.path {
            probe = probe.deletingLastPathComponent()
        }
        guard let real = Self.realPath(probe.path), real == realRoot || real.hasPrefix(realRoot + "/") else {
            throw PathError("'\(path)' resolves outside the workspace")
        }
        return url
    }

    /// `url` relative to the root, for messages and resource names.
    public func relative(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public struct PathError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
