/// Writes pretty-printed JSON straight into a byte buffer, for outputs too large to build as a
/// tree first (a check of a big repository can report hundreds of thousands of findings).
///
/// The layout matches `JSONEncoder`'s `.prettyPrinted`: two-space indent and `"key" : value`.
/// Callers write keys in sorted order themselves.
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    private var needsComma: [Bool] = [false]

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the current object; the value follows.
    mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(contentsOf: " : ".utf8)
        pendingValueAfterKey = true
    }

    mutating func string(_ value: String?) {
        guard let value else { return null() }
        separateValue()
        appendString(value)
    }

    mutating func int(_ value: Int) {
        separateValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func double(_ value: Double?) {
        guard let value, value.isFinite else { return null() }
        separateValue()
        bytes.append(contentsOf: (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)).utf8)
    }

    mutating func null() {
        separateValue()
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func finish() { bytes.append(ByteClass.newline) }

    // MARK: Layout

    private var pendingValueAfterKey = false

    private mutating func open(_ bracket: UInt8) {
        separateValue()
        bytes.append(bracket)
        depth += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = needsComma.removeLast()
        depth -= 1
        if hadMembers { newline() }
        bytes.append(bracket)
    }

    /// Before a key: a comma after the previous member, then a new indented line.
    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        newline()
    }

    /// Before a value: nothing after a key; otherwise it is an array element.
    private mutating func separateValue() {
        if pendingValueAfterKey {
            pendingValueAfterKey = false
        } else if depth > 0 {
            separate()
        }
    }

    private mutating func newline() {
        bytes.append(ByteClass.newline)
        bytes.append(contentsOf: repeatElement(ByteClass.space, count: depth * 2))
    }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case ByteClass.newline: bytes.append(contentsOf: "\\n".utf8)
            case ByteClass.carriageReturn: bytes.append(contentsOf: "\\r".utf8)
            case ByteClass.tab: bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
