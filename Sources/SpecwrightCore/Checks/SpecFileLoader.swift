import Foundation

/// Reads a spec file safely: refuses what is not a readable, reasonably sized UTF-8 text file,
/// with a diagnostic naming the file and the problem.
public enum SpecFileLoader {
    public struct Limits: Sendable {
        /// Files larger than this are refused (default 32 MiB).
        public var maxBytes: Int

        public init(maxBytes: Int = 32 << 20) {
            self.maxBytes = maxBytes
        }
    }

    /// The file's bytes, or the diagnostic saying why it was refused.
    public enum Outcome: Sendable {
        case loaded([UInt8])
        case refused(Diagnostic)
    }

    public static func load(_ url: URL, displayPath: String, limits: Limits = .init()) -> Outcome {
        func problem(_ rule: String, _ message: String, at range: SourceRange? = nil) -> Outcome {
            .refused(Diagnostic(rule: rule, severity: .error, message: message, file: displayPath, range: range))
        }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        } catch {
            return problem("io-error", FileManager.default.fileExists(atPath: url.path) ? "cannot read file" : "no such file")
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory { return problem("io-error", "is a directory") }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > limits.maxBytes {
            return problem("file-too-large", "file is \(megabytes(size)), over the \(megabytes(limits.maxBytes)) limit")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return problem("io-error", "cannot read file: \(error.localizedDescription)")
        }
        let bytes = [UInt8](data)
        if bytes.prefix(8192).contains(0) { return problem("binary-file", "binary file (contains NUL bytes), not Markdown") }
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let location = SourceText(bytes).location(ofOffset: bad)
            return problem("invalid-utf8", String(format: "invalid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8", bytes[bad], bad),
                           at: SourceRange(start: location, end: location))
        }
        return .loaded(bytes)
    }

    static func megabytes(_ bytes: Int) -> String {
        if bytes < 1 << 20 { return bytes < 1024 ? "\(bytes) bytes" : String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
