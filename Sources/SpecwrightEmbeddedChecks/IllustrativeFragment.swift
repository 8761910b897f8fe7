import Foundation

/// A JSON or YAML block as a reader sees it: real documents show parts of a file, eliding the
/// rest with `...` or `…`, standing values in as `<value>`, and (in JSON) explaining with comments.
/// The block's text with those blanked out — spaces over the same bytes, so every line and column
/// a parser reports still points into the original — is what can fairly be validated.
struct IllustrativeFragment {
    enum Language {
        case json
        case yaml
    }

    /// The text with elisions, stand-in values and (JSON) comments replaced by spaces; newlines kept.
    private(set) var cleaned: String
    /// The 1-based line of the first elision or stand-in value, if the block has one.
    private(set) var firstElisionLine: Int?
    /// Whether JSON comments were blanked.
    private(set) var hadComments = false

    /// Whether the block is an evident fragment: it elides or stands in for part of itself.
    var isFragment: Bool { firstElisionLine != nil }
    var changed: Bool { isFragment || hadComments }

    init(_ text: String, language: Language) {
        var bytes = Array(text.utf8)
        var line = 1
        var index = 0
        var quote: UInt8?
        var elision: Int?
        var comments = false
        var lineStart = true

        func blank(_ range: Range<Int>) {
            for offset in range where bytes[offset] != 0x0A { bytes[offset] = 0x20 }
        }
        func noteElision() { if elision == nil { elision = line } }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = true
                // YAML quotes do not span lines in these blocks often enough to matter; JSON's never do.
                quote = nil
                index += 1
                continue
            }
            let startsLine = lineStart && byte != 0x20 && byte != 0x09
            if byte != 0x20 && byte != 0x09 { lineStart = false }
            if let open = quote {
                if byte == UInt8(ascii: "\\") && language == .json { index += 2; continue }
                if byte == open { quote = nil }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                quote = byte
            case UInt8(ascii: "'") where language == .yaml && (index == 0 || [0x20, 0x09, UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "["), UInt8(ascii: ",")].contains(bytes[index - 1])):
                quote = byte
            case UInt8(ascii: "."):
                if index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: ".") && bytes[index + 2] == UInt8(ascii: ".") {
                    var end = index + 3
                    while end < bytes.count && bytes[end] == UInt8(ascii: ".") { end += 1 }
                    // A YAML document end (`...` alone at the start of a line, then nothing or a new
                    // document) is YAML, not an elision.
                    let documentEnd = language == .yaml && startsLine && (index == 0 || bytes[index - 1] == 0x0A)
                        && (end == bytes.count || bytes[end] == 0x0A) && Self.nextDocumentStarts(bytes, after: end)
                    if !documentEnd {
                        blank(index..<end)
                        noteElision()
                    }
                    index = end
                    continue
                }
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA6:  // …
                blank(index..<index + 3)
                noteElision()
                index += 3
                continue
            case UInt8(ascii: "<"):
                // `<value>`, `<your-name>`: a stand-in for a value.
                var end = index + 1
                while end < bytes.count, end - index < 64, Self.isStandInByte(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ">"), end > index + 1 {
                    blank(index..<end + 1)
                    if language == .json { bytes[index] = UInt8(ascii: "0") }
                    noteElision()
                    index = end + 1
                    continue
                }
            case UInt8(ascii: "/") where language == .json && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                var end = index + 2
                while end + 1 < bytes.count && !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "/")) {
                    if bytes[end] == 0x0A { line += 1 }
                    end += 1
                }
                end = min(bytes.count, end + 2)
                blank(index..<end)
                comments = true
                index = end
                continue
            case UInt8(ascii: "/") where language == .json && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"),
                 UInt8(ascii: "#") where language == .json && startsLine:
                var end = index
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                blank(index..<end)
                comments = true
                index = end
                continue
            default:
                break
            }
            index += 1
        }
        cleaned = String(decoding: bytes, as: UTF8.self)
        firstElisionLine = elision
        hadComments = comments
    }

    /// Whether only blank lines, then the end, `---` or a `%` directive, follow `index`.
    private static func nextDocumentStarts(_ bytes: [UInt8], after index: Int) -> Bool {
        var index = index
        while index < bytes.count && (bytes[index] == 0x0A || bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        guard index < bytes.count else { return true }
        if bytes[index] == UInt8(ascii: "%") { return true }
        return bytes[index...].starts(with: "---".utf8)
    }

    private static func isStandInByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: " ") || byte == UInt8(ascii: ".")
    }

    /// The info reported for a fragment that does not parse even around what it leaves out, from
    /// the problem parsing `cleaned` gave (`"JSON does not parse: …"`).
    func notValidated(_ language: String, _ problem: BlockProblem) -> BlockProblem {
        let detail = problem.message.replacingOccurrences(of: "\(language) does not parse: ", with: "")
        let message = "\(language) fragment not validated: it leaves part of itself out (from line \(firstElisionLine ?? 1) of the block), and around that it does not parse: \(detail)"
        return BlockProblem(message: message, position: .fence, severity: .info)
    }
}
