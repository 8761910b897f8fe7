/// `@name` mentions in a comment: the names of users it calls on.
public enum Mentions {
    /// The distinct names mentioned in `text`, in order of first mention. A name is letters,
    /// digits, `.`, `_` and `-`, starting with a letter or digit, after an `@` that does not follow a letter or digit (so e-mail
    /// addresses are not mentions); a trailing `.` or `-` is punctuation, not part of the name.
    public static func names(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var names: [String] = []
        var index = 0
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
        }
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "@" else { continue }
            if index > 0, scalars[index - 1].properties.isAlphabetic || ("0"..."9").contains(scalars[index - 1]) || scalars[index - 1] == "@" { continue }
            var end = index + 1
            guard end < scalars.count, scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) else { continue }
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            var name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            while let last = name.last, last == "." || last == "-" { name.removeLast() }
            if !name.isEmpty, !names.contains(name) { names.append(name) }
            index = end - 1
        }
        return names
    }
}
