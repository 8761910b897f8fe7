/// Scanners for the pieces of link syntax that both link reference definitions and inline links use.
enum InlineScanning {
    /// The backtick run opening at `position` and, if there is one, the closing run of the same
    /// length: `content` lies between them. A code span needs both.
    static func codeSpan(_ bytes: [UInt8], _ position: Int, _ end: Int) -> (openEnd: Int, content: Range<Int>?, end: Int) {
        var index = position
        while index < end && bytes[index] == UInt8(ascii: "`") { index += 1 }
        let length = index - position
        var search = index
        while search < end {
            if bytes[search] == UInt8(ascii: "`") {
                let runStart = search
                while search < end && bytes[search] == UInt8(ascii: "`") { search += 1 }
                if search - runStart == length { return (index, index..<runStart, search) }
            } else {
                search += 1
            }
        }
        return (index, nil, index)
    }

    /// A link label `[...]` at `position`: its content range and the position after `]`.
    static func linkLabel(_ bytes: [UInt8], _ position: Int, _ end: Int) -> (Range<Int>, Int)? {
        guard position < end, bytes[position] == UInt8(ascii: "[") else { return nil }
        var index = position + 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < end && ByteClass.isPunctuation(bytes[index + 1]) {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "[") { return nil }
            if byte == UInt8(ascii: "]") {
                guard index - position - 1 <= 999 else { return nil }
                return (position + 1..<index, index + 1)
            }
            index += 1
        }
        return nil
    }

    /// A link destination at `position`: its raw content range and the position after it.
    /// An empty range means no destination (allowed for inline links only).
    static func linkDestination(_ bytes: [UInt8], _ position: Int, _ end: Int) -> (Range<Int>, Int)? {
        guard position < end else { return (position..<position, position) }
        if bytes[position] == UInt8(ascii: "<") {
            var index = position + 1
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") && index + 1 < end && ByteClass.isPunctuation(bytes[index + 1]) {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: ">") { return (position + 1..<index, index + 1) }
                if byte == UInt8(ascii: "<") || ByteClass.isLineEnd(byte) { return nil }
                index += 1
            }
            return nil
        }
        var depth = 0
        var index = position
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < end && ByteClass.isPunctuation(bytes[index + 1]) {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "(") {
                depth += 1
                if depth > 32 { return nil }
            } else if byte == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
            } else if byte <= 0x20 || byte == 0x7F {
                break
            }
            index += 1
        }
        guard depth == 0 else { return nil }
        return (position..<index, index)
    }

    /// A link title (`"..."`, `'...'` or `(...)`) at `position`: content range and the position after it.
    static func linkTitle(_ bytes: [UInt8], _ position: Int, _ end: Int) -> (Range<Int>, Int)? {
        guard position < end else { return nil }
        let open = bytes[position]
        let close: UInt8
        switch open {
        case UInt8(ascii: "\""): close = open
        case UInt8(ascii: "'"): close = open
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        default: return nil
        }
        var index = position + 1
        var lineIsBlank = false
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < end && ByteClass.isPunctuation(bytes[index + 1]) {
                index += 2
                lineIsBlank = false
                continue
            }
            if byte == close { return (position + 1..<index, index + 1) }
            if open == UInt8(ascii: "(") && byte == UInt8(ascii: "(") { return nil }
            if byte == ByteClass.newline {
                if lineIsBlank { return nil }
                lineIsBlank = true
            } else if !ByteClass.isSpaceOrTab(byte) {
                lineIsBlank = false
            }
            index += 1
        }
        return nil
    }
}
