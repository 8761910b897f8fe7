import Foundation

/// Backslash escapes, character references and label normalisation, shared by block and inline
/// parsing.
enum TextDecoding {
    /// Decodes the character reference (`&amp;`, `&#123;`, `&#x1F;`) at `position`, if there is one.
    static func entity(_ bytes: [UInt8], at position: Int, end: Int) -> (text: String, length: Int)? {
        guard position + 2 < end, bytes[position] == UInt8(ascii: "&") else { return nil }
        var index = position + 1
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var value: UInt32 = 0
            var digits = 0
            if index < end && (bytes[index] | 0x20) == UInt8(ascii: "x") {
                index += 1
                while index < end, digits < 6, let digit = hexValue(bytes[index]) {
                    value = value * 16 + digit
                    digits += 1
                    index += 1
                }
            } else {
                while index < end && digits < 7 && ByteClass.isDigit(bytes[index]) {
                    value = value * 10 + UInt32(bytes[index] - 0x30)
                    digits += 1
                    index += 1
                }
            }
            guard digits > 0, index < end, bytes[index] == UInt8(ascii: ";") else { return nil }
            let scalar = (value == 0 ? nil : Unicode.Scalar(value)) ?? Unicode.Scalar(0xFFFD)!
            return (String(Character(scalar)), index + 1 - position)
        }
        let nameStart = index
        while index < end && index - nameStart < 32 && ByteClass.isAlphanumeric(bytes[index]) { index += 1 }
        guard index > nameStart, index < end, bytes[index] == UInt8(ascii: ";") else { return nil }
        let name = decode(bytes, nameStart..<index)
        guard let text = HTMLEntities.lookup(Substring(name)) else { return nil }
        return (text, index + 1 - position)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        if ByteClass.isDigit(byte) { return UInt32(byte - 0x30) }
        let lower = byte | 0x20
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return UInt32(lower - UInt8(ascii: "a") + 10) }
        return nil
    }

    /// Resolves backslash escapes and character references in `bytes[range]`.
    static func unescape(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < range.upperBound && ByteClass.isPunctuation(bytes[index + 1]) {
                output.append(bytes[index + 1])
                index += 2
            } else if byte == UInt8(ascii: "&"), let (text, length) = entity(bytes, at: index, end: range.upperBound) {
                output.append(contentsOf: text.utf8)
                index += length
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Normalises a link label for matching: trimmed, inner whitespace collapsed, Unicode case-folded.
    static func normalizeLabel(_ bytes: ArraySlice<UInt8>) -> String {
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if ByteClass.isWhitespace(byte) {
                pendingSpace = !collapsed.isEmpty
            } else {
                if pendingSpace { collapsed.append(ByteClass.space) }
                pendingSpace = false
                collapsed.append(byte)
            }
        }
        let text = String(decoding: collapsed, as: UTF8.self)
        if collapsed.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        // Full case folding (ẞ ≡ ss) needs Foundation; ASCII labels take the fast path above.
        return text.folding(options: [.caseInsensitive], locale: nil).lowercased()
    }
}
