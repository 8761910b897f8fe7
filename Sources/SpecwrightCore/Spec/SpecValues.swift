/// Parsing and comparing the values specs carry: ISO dates and dotted versions.
public enum SpecValues {
    /// Whether `text` is a dotted version: `1`, `1.0`, `2.3.1` (an optional leading `v` is allowed).
    public static func isVersion(_ text: String) -> Bool {
        versionComponents(text) != nil
    }

    /// The numeric components of a version, or nil.
    public static func versionComponents(_ text: String) -> [Int]? {
        var body = Substring(text.trimmingSpaces)
        if body.first == "v" || body.first == "V" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 4 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else { return nil }
            numbers.append(value)
        }
        return numbers
    }

    /// Orders versions numerically (`1.10` after `1.9`); nil if either is not a version.
    public static func compareVersions(_ lhs: String, _ rhs: String) -> Int? {
        guard let left = versionComponents(lhs), let right = versionComponents(rhs) else { return nil }
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : 0
            let r = index < right.count ? right[index] : 0
            if l != r { return l < r ? -1 : 1 }
        }
        return 0
    }

    /// A valid calendar date written `YYYY-MM-DD`, as (year, month, day).
    public static func isoDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let bytes = Array(text.trimmingSpaces.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard ByteClass.isDigit(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        guard (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days ? (year, month, day) : nil
    }
}
