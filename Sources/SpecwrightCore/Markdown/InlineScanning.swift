/// Scanners for the pieces of link syntax that both link reference definitions and inline links use.
enum InlineScanning {
    /// What earlier searches for closing backtick runs saw, so a run with no partner costs no
    /// second scan to the end (as cmark keeps it): the last start of a run of each length seen.
    struct CodeSpanMemo {
        var lastRunStart: [Int: Int] = [:]
        /// Whether a search has reached the end, so `lastRunStart` knows every run.
        var scannedToEnd = false
    }

    /// The backtick run opening at `position` and, if there is one, the closing run of the same
    /// length: `content` lies between them. A code span needs both. `memo` remembers what earlier
    /// searches in the same inline run (scanned in order) saw.
    static func codeSpan(_ bytes: [UInt8], _ position: Int, _ end: Int, memo: inout CodeSpanMemo) -> (openEnd: Int, content: Range<Int>?, end: Int) {
        var index = position
        while index < end && bytes[index] == UInt8(ascii: "`") { index += 1 }
        let length = index - position
        if memo.scannedToEnd && (memo.lastRunStart[length] ?? -1) < index { return (index, nil, index) }
        var search = index
        while search < end {
            if bytes[search] == UInt8(ascii: "`") {
                let runStart = search
                while search < end && bytes[search] == UInt8(ascii: "`") { search += 1 }
                // Only later starts: a short search inside a code span must not hide the last run.
                memo.lastRunStart[search - runStart] = max(memo.lastRunStart[search - runStart] ?? -1, runStart)
                if search - runStart == length { return (index, index..<runStart, search) }
            } else {
                search += 1
            }
        }
        memo.scannedToEnd = true
        return (index, nil, index)
    }

    /// The first index from `start` on whose byte is not backslash-escaped and makes `stop` true;
    /// `end` if there is none.
    static func firstUnescaped(_ bytes: [UInt8], from start: Int, _ end: Int, where stop: (UInt8) -> Bool) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < end && ByteClass.isPunctuation(bytes[index + 1]) {
                index += 2
            } else if stop(byte) {
                return index
            } else {
                index += 1
            }
        }
        return end
    }

    /// A link label `[...]` at `position`: its content range and the position after `]`.
    static func linkLabel(_ bytes: [UInt8], _ position: Int, _ end: Int) -> (Range<Int>, Int)? {
        guard position < end, bytes[position] == UInt8(ascii: "[") else { return nil }
        let index = firstUnescaped(bytes, from: position + 1, end) { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }
        guard index < end, bytes[index] == UInt8(ascii: "]"), index - position - 1 <= 999 else { return nil }
        return (position + 1..<index, index + 1)
    }

    /// A link destination at `position`: its raw content range and the position after it.
    /// An empty range means no destination (allowed for inline links only).
    static func linkDestination(_ bytes: [UInt8], _ position: Int, _ end: Int) -> (Range<Int>, Int)? {
        guard position < end else { return (position..<position, position) }
        if bytes[position] == UInt8(ascii: "<") {
            let index = firstUnescaped(bytes, from: position + 1, end) { $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "<") || ByteClass.isLineEnd($0) }
            guard index < end, bytes[index] == UInt8(ascii: ">") else { return nil }
            return (position + 1..<index, index + 1)
        }
        // Parentheses nest (to 32 levels); spaces and control characters end the destination.
        var depth = 0
        var tooDeep = false
        let index = firstUnescaped(bytes, from: position, end) { byte in
            if byte == UInt8(ascii: "(") {
                depth += 1
                tooDeep = depth > 32
                return tooDeep
            }
            if byte == UInt8(ascii: ")") {
                if depth == 0 { return true }
                depth -= 1
                return false
            }
            return byte <= 0x20 || byte == 0x7F
        }
        guard !tooDeep, depth == 0 else { return nil }
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
