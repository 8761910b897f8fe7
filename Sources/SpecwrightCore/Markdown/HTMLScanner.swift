/// Recognises raw HTML the way CommonMark does: the seven kinds of HTML block start, their end
/// conditions, and the inline tag forms (open and closing tags, comments, processing instructions,
/// declarations, CDATA).
enum HTMLScanner {
    private static let blockTagNames: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul",
    ]
    private static let rawTextTags = ["script", "pre", "style", "textarea"]

    /// The kind (1–7) of HTML block that starts at `position`, or 0.
    static func blockStart(_ bytes: [UInt8], at position: Int, lineEnd: Int, interruptsParagraph: Bool) -> Int {
        guard position < lineEnd, bytes[position] == UInt8(ascii: "<") else { return 0 }
        let next = position + 1
        if next < lineEnd {
            let byte = bytes[next]
            if byte == UInt8(ascii: "!") {
                if hasPrefix(bytes, next + 1, lineEnd, "--") { return 2 }
                if hasPrefix(bytes, next + 1, lineEnd, "[CDATA[") { return 5 }
                if next + 1 < lineEnd && ByteClass.isLetter(bytes[next + 1]) { return 4 }
            } else if byte == UInt8(ascii: "?") {
                return 3
            }
        }
        let closing = next < lineEnd && bytes[next] == UInt8(ascii: "/")
        var nameEnd = closing ? next + 1 : next
        let nameStart = nameEnd
        while nameEnd < lineEnd && (ByteClass.isAlphanumeric(bytes[nameEnd]) || bytes[nameEnd] == UInt8(ascii: "-")) {
            nameEnd += 1
        }
        guard nameEnd > nameStart, ByteClass.isLetter(bytes[nameStart]) else { return 0 }
        let name = String(decoding: bytes[nameStart..<nameEnd].map(ByteClass.lowercased), as: UTF8.self)
        let after: UInt8 = nameEnd < lineEnd ? bytes[nameEnd] : ByteClass.newline
        if !closing && rawTextTags.contains(name) {
            if ByteClass.isWhitespace(after) || after == UInt8(ascii: ">") { return 1 }
        }
        if blockTagNames.contains(name) {
            if ByteClass.isWhitespace(after) || after == UInt8(ascii: ">") { return 6 }
            if after == UInt8(ascii: "/") && nameEnd + 1 < lineEnd && bytes[nameEnd + 1] == UInt8(ascii: ">") { return 6 }
        }
        if interruptsParagraph { return 0 }
        if !closing && rawTextTags.contains(name) { return 0 }
        // Kind 7: a complete open or closing tag followed only by whitespace.
        let tagLength = closing ? closingTag(bytes, position, lineEnd) : openTag(bytes, position, lineEnd)
        guard let length = tagLength else { return 0 }
        var index = position + length
        while index < lineEnd && ByteClass.isSpaceOrTab(bytes[index]) { index += 1 }
        return index == lineEnd ? 7 : 0
    }

    /// Whether a line (the bytes of `range`) satisfies the end condition of HTML block kind 1–5.
    static func blockEnds(kind: Int, _ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        switch kind {
        case 1: return ["</script>", "</pre>", "</style>", "</textarea>"].contains { contains(bytes, range, $0, caseInsensitive: true) }
        case 2: return contains(bytes, range, "-->", caseInsensitive: false)
        case 3: return contains(bytes, range, "?>", caseInsensitive: false)
        case 4: return contains(bytes, range, ">", caseInsensitive: false)
        case 5: return contains(bytes, range, "]]>", caseInsensitive: false)
        default: return false
        }
    }

    /// What earlier searches of one inline run learned: from where each closing sequence is known to
    /// be absent. A later search from further on would fail too, so it is not made (as cmark does):
    /// without this, a run of unclosed `<!--` is quadratic.
    struct Memo {
        var noCommentEnd = Int.max
        var noProcessingEnd = Int.max
        var noCDATAEnd = Int.max
        var noDeclarationEnd = Int.max
    }

    /// Length of an inline raw HTML construct starting with `<` at `position`, or nil.
    static func inlineHTML(_ bytes: [UInt8], _ position: Int, _ end: Int, memo: inout Memo) -> Int? {
        guard position + 1 < end else { return nil }
        let next = bytes[position + 1]
        if next == UInt8(ascii: "/") { return closingTag(bytes, position, end) }
        if next == UInt8(ascii: "?") {
            guard let close = find(bytes, position + 2, end, "?>", unless: &memo.noProcessingEnd) else { return nil }
            return close + 2 - position
        }
        if next == UInt8(ascii: "!") {
            if hasPrefix(bytes, position + 2, end, "--") {
                // 0.31.2: `<!-->` and `<!--->` are complete comments.
                if hasPrefix(bytes, position + 4, end, ">") { return 5 }
                if hasPrefix(bytes, position + 4, end, "->") { return 6 }
                guard let close = find(bytes, position + 4, end, "-->", unless: &memo.noCommentEnd) else { return nil }
                return close + 3 - position
            }
            if hasPrefix(bytes, position + 2, end, "[CDATA[") {
                guard let close = find(bytes, position + 9, end, "]]>", unless: &memo.noCDATAEnd) else { return nil }
                return close + 3 - position
            }
            if position + 2 < end && ByteClass.isLetter(bytes[position + 2]) {
                guard let close = find(bytes, position + 3, end, ">", unless: &memo.noDeclarationEnd) else { return nil }
                return close + 1 - position
            }
            return nil
        }
        return openTag(bytes, position, end)
    }

    /// ``find(_:_:_:_:)``, skipped when an earlier search showed `needle` absent from `absentFrom`
    /// on; a failed search records where it started.
    private static func find(_ bytes: [UInt8], _ from: Int, _ end: Int, _ needle: StaticString, unless absentFrom: inout Int) -> Int? {
        guard from < absentFrom else { return nil }
        guard let found = find(bytes, from, end, needle) else {
            absentFrom = from
            return nil
        }
        return found
    }

    /// Length of an open tag `<name attr="v" />` at `position`, or nil.
    static func openTag(_ bytes: [UInt8], _ position: Int, _ end: Int) -> Int? {
        var index = position + 1
        guard index < end, ByteClass.isLetter(bytes[index]) else { return nil }
        while index < end && (ByteClass.isAlphanumeric(bytes[index]) || bytes[index] == UInt8(ascii: "-")) { index += 1 }
        while true {
            let beforeSpace = index
            while index < end && ByteClass.isWhitespace(bytes[index]) { index += 1 }
            guard index < end else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") { return index + 1 - position }
            if byte == UInt8(ascii: "/") {
                return index + 1 < end && bytes[index + 1] == UInt8(ascii: ">") ? index + 2 - position : nil
            }
            // An attribute needs whitespace before it.
            guard index > beforeSpace, isAttributeNameStart(byte) else { return nil }
            index += 1
            while index < end && isAttributeNameByte(bytes[index]) { index += 1 }
            // Optional value specification.
            var look = index
            while look < end && ByteClass.isWhitespace(bytes[look]) { look += 1 }
            if look < end && bytes[look] == UInt8(ascii: "=") {
                look += 1
                while look < end && ByteClass.isWhitespace(bytes[look]) { look += 1 }
                guard look < end else { return nil }
                let quote = bytes[look]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    look += 1
                    while look < end && bytes[look] != quote { look += 1 }
                    guard look < end else { return nil }
                    look += 1
                } else {
                    let valueStart = look
                    while look < end && !ByteClass.isWhitespace(bytes[look]) && !"\"'=<>`".utf8.contains(bytes[look]) { look += 1 }
                    guard look > valueStart else { return nil }
                }
                index = look
            }
        }
    }

    /// Length of a closing tag `</name >` at `position`, or nil.
    static func closingTag(_ bytes: [UInt8], _ position: Int, _ end: Int) -> Int? {
        var index = position + 2
        guard index < end, ByteClass.isLetter(bytes[index]) else { return nil }
        while index < end && (ByteClass.isAlphanumeric(bytes[index]) || bytes[index] == UInt8(ascii: "-")) { index += 1 }
        while index < end && ByteClass.isWhitespace(bytes[index]) { index += 1 }
        guard index < end, bytes[index] == UInt8(ascii: ">") else { return nil }
        return index + 1 - position
    }

    private static func isAttributeNameStart(_ byte: UInt8) -> Bool {
        ByteClass.isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }

    private static func isAttributeNameByte(_ byte: UInt8) -> Bool {
        ByteClass.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    static func hasPrefix(_ bytes: [UInt8], _ position: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard position + count <= end else { return false }
        return prefix.withUTF8Buffer { buffer in
            for offset in 0..<count where bytes[position + offset] != buffer[offset] { return false }
            return true
        }
    }

    static func find(_ bytes: [UInt8], _ from: Int, _ end: Int, _ needle: StaticString) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard count > 0, from + count <= end else { return nil }
        return needle.withUTF8Buffer { buffer -> Int? in
            var index = from
            while index + count <= end {
                if bytes[index] == buffer[0] {
                    var matched = true
                    for offset in 1..<count where bytes[index + offset] != buffer[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }

    private static func contains(_ bytes: [UInt8], _ range: Range<Int>, _ needle: String, caseInsensitive: Bool) -> Bool {
        let pattern = Array(needle.utf8)
        guard range.count >= pattern.count else { return false }
        var index = range.lowerBound
        while index + pattern.count <= range.upperBound {
            var matched = true
            for offset in 0..<pattern.count {
                let byte = caseInsensitive ? ByteClass.lowercased(bytes[index + offset]) : bytes[index + offset]
                if byte != pattern[offset] {
                    matched = false
                    break
                }
            }
            if matched { return true }
            index += 1
        }
        return false
    }
}
