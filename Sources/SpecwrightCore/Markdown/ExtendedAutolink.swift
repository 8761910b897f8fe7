/// GFM's extended autolinks: `www.` and `http://`, `https://`, `ftp://` addresses and e-mail
/// addresses in plain text become links, as GitHub shows them (GFM spec 0.29, section 6.9).
///
/// ```swift
/// ExtendedAutolink.match(Array("see www.x.org/a.".utf8), at: 4, end: 16, emailPossible: false)   // 11 bytes, href "http://www.x.org/a"
/// ```
///
/// Every scan from one start position is bounded (a domain by 253 bytes, a local part by 64), so
/// trying each position of a hostile line stays linear.
enum ExtendedAutolink {
    struct Match {
        /// Bytes from the start position that form the link.
        var length: Int
        var destination: String
    }

    /// Whether an autolink may start at `index`: at the start, after whitespace, or after `*`,
    /// `_`, `~` or `(`.
    static func mayStart(_ bytes: [UInt8], at index: Int, contentStart: Int) -> Bool {
        guard index > contentStart else { return true }
        let before = bytes[index - 1]
        return ByteClass.isWhitespace(before) || before == UInt8(ascii: "*") || before == UInt8(ascii: "_")
            || before == UInt8(ascii: "~") || before == UInt8(ascii: "(")
    }

    /// The autolink starting at `index`, if there is one (the caller checks ``mayStart``).
    static func match(_ bytes: [UInt8], at index: Int, end: Int, emailPossible: Bool) -> Match? {
        // Case-sensitive, as cmark-gfm matches them: `WWW.X.ORG` stays text.
        switch bytes[index] {
        case UInt8(ascii: "w"):
            if let match = web(bytes, at: index, end: end) { return match }
        case UInt8(ascii: "h"), UInt8(ascii: "f"):
            if let match = url(bytes, at: index, end: end) { return match }
        default:
            break
        }
        return emailPossible ? email(bytes, at: index, end: end) : nil
    }

    private static func hasPrefix(_ bytes: [UInt8], _ index: Int, _ end: Int, _ prefix: String) -> Bool {
        let prefix = Array(prefix.utf8)
        guard end - index >= prefix.count else { return false }
        for offset in prefix.indices where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    /// `www.` followed by a valid domain and a path.
    private static func web(_ bytes: [UInt8], at index: Int, end: Int) -> Match? {
        guard hasPrefix(bytes, index, end, "www."), let domainEnd = domain(bytes, from: index, end: end) else { return nil }
        let length = trimmed(bytes, index, path(bytes, from: domainEnd, end: end)) - index
        return Match(length: length, destination: "http://" + decode(bytes, index..<index + length))
    }

    /// `http://`, `https://` or `ftp://` followed by a valid domain and a path.
    private static func url(_ bytes: [UInt8], at index: Int, end: Int) -> Match? {
        guard let scheme = ["http://", "https://", "ftp://"].first(where: { hasPrefix(bytes, index, end, $0) }),
              let domainEnd = domain(bytes, from: index + scheme.utf8.count, end: end) else { return nil }
        let length = trimmed(bytes, index, path(bytes, from: domainEnd, end: end)) - index
        return Match(length: length, destination: decode(bytes, index..<index + length))
    }

    /// Segments of letters, digits, `_` and `-` separated by periods, at least one period, no
    /// underscore in the last two segments; the end of the domain, or nil.
    private static func domain(_ bytes: [UInt8], from start: Int, end: Int) -> Int? {
        // A domain name has at most 253 bytes; longer runs are not one.
        let end = min(end, start + 254)
        var index = start
        var segments: [Range<Int>] = []
        var segmentStart = index
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard index > segmentStart else { break }
                segments.append(segmentStart..<index)
                segmentStart = index + 1
            } else if !(ByteClass.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte >= 0x80) {
                break
            }
            index += 1
        }
        if index > segmentStart { segments.append(segmentStart..<index) } else if index > start, bytes[index - 1] == UInt8(ascii: ".") { index -= 1 }
        guard segments.count >= 2 else { return nil }
        for segment in segments.suffix(2) where bytes[segment].contains(UInt8(ascii: "_")) { return nil }
        return segments.last!.upperBound
    }

    /// Everything up to whitespace, `<`, or a character that starts other inline syntax here.
    private static func path(_ bytes: [UInt8], from start: Int, end: Int) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            if ByteClass.isWhitespace(byte) || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "`") { break }
            index += 1
        }
        return index
    }

    /// The end after dropping trailing punctuation, unbalanced closing parentheses and a trailing
    /// entity reference, as the GFM spec's autolink path validation does.
    private static func trimmed(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var end = end
        // Parentheses are counted once; trimming a `)` keeps the balance up to date.
        var balance = 0
        for byte in bytes[start..<end] {
            if byte == UInt8(ascii: "(") { balance += 1 } else if byte == UInt8(ascii: ")") { balance -= 1 }
        }
        while end > start {
            let last = bytes[end - 1]
            if "?!.,:*_~'\"".utf8.contains(last) {
                end -= 1
            } else if last == UInt8(ascii: ")") {
                guard balance < 0 else { break }
                balance += 1
                end -= 1
            } else if last == UInt8(ascii: ";") {
                // `&name;` at the end is an entity reference, not part of the link.
                var index = end - 2
                while index > start && ByteClass.isAlphanumeric(bytes[index]) { index -= 1 }
                guard index < end - 2, bytes[index] == UInt8(ascii: "&") else { break }
                end = index
            } else {
                break
            }
        }
        return end
    }

    /// `local@domain.tld`: the local part of letters, digits and `.-_+`, a domain of letters,
    /// digits, `-` and `_` in at least two period-separated parts, not ending in `-` or `_`.
    private static func email(_ bytes: [UInt8], at index: Int, end: Int) -> Match? {
        var cursor = index
        // A local part has at most 64 bytes, a domain at most 253.
        let localEnd = min(end, index + 65)
        while cursor < localEnd, ByteClass.isAlphanumeric(bytes[cursor]) || ".-_+".utf8.contains(bytes[cursor]) { cursor += 1 }
        guard cursor > index, cursor < localEnd, bytes[cursor] == UInt8(ascii: "@") else { return nil }
        cursor += 1
        let domainStart = cursor
        let end = min(end, domainStart + 254)
        var periods = 0
        while cursor < end {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: ".") {
                guard cursor + 1 < end, ByteClass.isAlphanumeric(bytes[cursor + 1]) || bytes[cursor + 1] == UInt8(ascii: "-") || bytes[cursor + 1] == UInt8(ascii: "_") else { break }
                periods += 1
            } else if !(ByteClass.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")) {
                break
            }
            cursor += 1
        }
        guard cursor > domainStart, periods >= 1 else { return nil }
        let last = bytes[cursor - 1]
        guard last != UInt8(ascii: "-"), last != UInt8(ascii: "_") else { return nil }
        let address = decode(bytes, index..<cursor)
        return Match(length: cursor - index, destination: "mailto:" + address)
    }
}
