import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader never sees half a file and nothing is lost on failure: the bytes
/// go to a temporary file in the same folder, are flushed to disk, and are then moved into place.
public enum AtomicFileWriter {
    /// Creates `url` with `bytes`; fails with ``SpecwrightError/fileExists(path:)`` if anything is
    /// already there (checked atomically by the final `link`).
    public static func create(_ url: URL, bytes: [UInt8], permissions: mode_t = 0o644) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: url.path) { throw SpecwrightError.fileExists(path: url.path) }
        let temporary = try writeTemporary(in: directory, bytes: bytes, permissions: permissions)
        defer { unlink(temporary) }
        if link(temporary, url.path) != 0 {
            let code = errno
            if code == EEXIST { throw SpecwrightError.fileExists(path: url.path) }
            throw SpecwrightError.writeFailed(path: url.path, reason: String(cString: strerror(code)))
        }
        syncDirectory(directory)
    }

    /// Writes `url` whether or not it exists (replacing keeps the file's permissions).
    public static func save(_ url: URL, bytes: [UInt8]) throws {
        if FileManager.default.fileExists(atPath: url.path) {
            try replace(url, bytes: bytes, expected: nil)
        } else {
            try create(url, bytes: bytes)
        }
    }

    /// Replaces `url` with `bytes`, keeping its permissions. When `expected` is given, the write is
    /// refused if the file no longer holds exactly those bytes (someone changed it meanwhile).
    public static func replace(_ url: URL, bytes: [UInt8], expected: [UInt8]?) throws {
        let directory = url.deletingLastPathComponent()
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw SpecwrightError.writeFailed(path: url.path, reason: String(cString: strerror(errno)))
        }
        let temporary = try writeTemporary(in: directory, bytes: bytes, permissions: info.st_mode & 0o7777)
        var moved = false
        defer { if !moved { unlink(temporary) } }
        if let expected {
            let current = (try? Data(contentsOf: url)).map { [UInt8]($0) }
            guard current == expected else {
                throw SpecwrightError.changedOnDisk(path: url.path)
            }
        }
        guard rename(temporary, url.path) == 0 else {
            throw SpecwrightError.writeFailed(path: url.path, reason: String(cString: strerror(errno)))
        }
        moved = true
        syncDirectory(directory)
    }

    private static func writeTemporary(in directory: URL, bytes: [UInt8], permissions: mode_t) throws -> String {
        var template = Array(directory.appendingPathComponent(".specwright-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw SpecwrightError.writeFailed(path: directory.path, reason: String(cString: strerror(errno)))
        }
        let path = String(cString: template)
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil && fchmod(descriptor, permissions) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if let failure {
            unlink(path)
            throw SpecwrightError.writeFailed(path: path, reason: failure)
        }
        return path
    }

    private static func syncDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
