import Foundation

/// Turns the paths a user gave into the Markdown files to check: files as given, folders searched
/// recursively for `*.md` (hidden folders, `node_modules` and build folders skipped).
public enum SpecInput {
    public struct File: Sendable, Equatable {
        public var url: URL
        /// The path as shown in output: relative to the current directory when under it.
        public var displayPath: String
    }

    /// The files to check plus a diagnostic for each path that yields none.
    public static func expand(_ paths: [String], currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> (files: [File], problems: [Diagnostic]) {
        var files: [File] = []
        var problems: [Diagnostic] = []
        var seen: Set<String> = []
        for path in paths {
            let url = URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(rule: "io-error", severity: .error, message: "no such file or directory", file: path, range: nil))
                continue
            }
            if !isDirectory.boolValue {
                if seen.insert(url.path).inserted { files.append(File(url: url, displayPath: path)) }
                continue
            }
            let found = markdownFiles(under: url)
            if found.isEmpty {
                problems.append(Diagnostic(rule: "io-error", severity: .error, message: "no Markdown (*.md) files in this directory", file: path, range: nil))
            }
            for file in found where seen.insert(file.path).inserted {
                files.append(File(url: file, displayPath: display(file, base: path, root: url)))
            }
        }
        return (files, problems)
    }

    private static let skippedDirectories: Set<String> = ["node_modules", ".build", "build", "vendor"]

    private static func markdownFiles(under directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]) else { return [] }
        var result: [URL] = []
        for case let url as URL in enumerator {
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if isDirectory {
                if skippedDirectories.contains(url.lastPathComponent) || url.lastPathComponent.hasPrefix(".build") { enumerator.skipDescendants() }
                continue
            }
            if url.pathExtension.lowercased() == "md" { result.append(url.standardizedFileURL) }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// `base` joined with the file's path below `root`, so `check specs/` shows `specs/a/b.md`.
    private static func display(_ file: URL, base: String, root: URL) -> String {
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard file.path.hasPrefix(rootPath) else { return file.path }
        let relative = String(file.path.dropFirst(rootPath.count))
        if base == "." || base == "./" { return relative }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }
}
