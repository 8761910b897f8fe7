import Foundation
import Testing

@testable import SpecwrightCore

/// Shared helpers for the SpecwrightCore test suites.
enum TestSupport {
    /// A file of the test bundle's `Fixtures/` folder.
    static func fixture(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(path)
    }

    /// The exact bytes of a built-in template (identical to the seeds in `Fixtures/seeds/`).
    static func builtinBytes(_ name: String) -> [UInt8] {
        BuiltinTemplates.all.first { $0.name == name }!.bytes
    }

    static func template(_ name: String) -> Template {
        TemplateCatalog.builtin.template(named: name)!
    }

    /// Converts every LF to CRLF (the input must not contain CR already).
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 16)
        for byte in bytes {
            if byte == 0x0A { result.append(0x0D) }
            result.append(byte)
        }
        return result
    }

    /// A custom template from text.
    static func customTemplate(_ name: String, _ text: String) -> Template {
        Template(name: name, summary: "test template \(name)", origin: .file("\(name).md"), bytes: Array(text.utf8))
    }

    /// A spec generated from a built-in template with fixed author and date.
    static func generated(_ templateName: String, title: String = "Payment Retries", author: String = "Ada Lovelace", date: String = "2026-01-15") -> [UInt8] {
        SpecGenerator(template: template(templateName)).generate(title: title, author: author, date: date)
    }

    /// Replaces the first occurrence of `old` with `new` via a byte edit; fails loudly if absent.
    static func replacing(_ old: String, with new: String, in bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let found = text.range(of: old) else {
            Issue.record("\(old.debugDescription) not found in the test input")
            return bytes
        }
        let start = text.utf8.distance(from: text.startIndex, to: found.lowerBound)
        return ByteEdit.apply([ByteEdit(range: start..<start + old.utf8.count, with: new)], to: bytes)
    }

    /// A fresh temporary directory, removed by the caller with ``removeDirectory(_:)``.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("specwright-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func removeDirectory(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A small deterministic pseudo-random generator (SplitMix64), so generated inputs are the same on
/// every run and a failure can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
}
