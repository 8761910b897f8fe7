import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
            let base = URL(fileURLWithPath: currentDirectory.path, isDirectory: true)
            let url = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
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

    /// Every `*.md` below `directory`, sorted; readdir's file types avoid a stat per entry.
    private static func markdownFiles(under directory: URL) -> [URL] {
        var result: [String] = []
        var pending = [directory.path]
        // Symlinked folders can loop; each real folder is read once.
        var visited: Set<[UInt64]> = []
        while let current = pending.popLast() {
            var folder = stat()
            guard stat(current, &folder) == 0, visited.insert([UInt64(folder.st_dev), UInt64(folder.st_ino)]).inserted else { continue }
            guard let handle = opendir(current) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                    String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                let path = current + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                    var info = stat()
                    guard stat(path, &info) == 0 else { continue }
                    type = (info.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : Int32(DT_REG)
                }
                if type == Int32(DT_DIR) {
                    if !skippedDirectories.contains(name) && !name.hasPrefix(".build") { pending.append(path) }
                } else if name.lowercased().hasSuffix(".md") {
                    result.append(path)
                }
            }
        }
        return result.sorted().map { URL(fileURLWithPath: $0).standardizedFileURL }
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
