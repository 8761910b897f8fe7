/// Line-based unified diffs (Myers' algorithm), as `diff -u` prints them.
///
/// ```swift
/// UnifiedDiff.render(old: before, new: after, path: "specs/a.md")
/// // --- a/specs/a.md
/// // +++ b/specs/a.md
/// // @@ -3,7 +3,7 @@ …
/// ```
public enum UnifiedDiff {
    enum Operation: Equatable { case keep(Int, Int), delete(Int), insert(Int) }

    /// The unified diff of two byte buffers, or "" when they are equal.
    public static func render(old: [UInt8], new: [UInt8], path: String, context: Int = 3) -> String {
        let hunks = hunks(old: old, new: new, context: context)
        guard !hunks.isEmpty else { return "" }
        var output = "--- a/\(path)\n+++ b/\(path)\n"
        for hunk in hunks {
            output += hunk.header + "\n"
            for line in hunk.lines {
                output += (line.kind == .context ? " " : line.kind == .deleted ? "-" : "+") + line.text + "\n"
                if line.missingNewline { output += "\\ No newline at end of file\n" }
            }
        }
        return output
    }

    /// The changed places between two texts, each with `context` unchanged lines around it
    /// (what a side-by-side or unified view shows); empty when the texts are equal.
    public static func hunks(old: [UInt8], new: [UInt8], context: Int = 3) -> [DiffHunk] {
        guard old != new else { return [] }
        let a = lines(old)
        let b = lines(new)
        let script = diff(a, b)
        var hunks: [DiffHunk] = []
        var index = 0
        while index < script.count {
            // Find the next change.
            guard let start = script[index...].firstIndex(where: { if case .keep = $0 { return false } else { return true } }) else { break }
            var end = start
            var lastChange = start
            while end < script.count {
                if case .keep = script[end] {
                    if end - lastChange > context * 2 { break }
                } else {
                    lastChange = end
                }
                end += 1
            }
            let hunkStart = max(index, start - context)
            let hunkEnd = min(script.count, lastChange + context + 1)
            var oldStart = 0, newStart = 0, oldCount = 0, newCount = 0
            var body: [DiffLine] = []
            for (offset, operation) in script[hunkStart..<hunkEnd].enumerated() {
                switch operation {
                case .keep(let i, let j):
                    if offset == 0 { oldStart = i; newStart = j }
                    oldCount += 1; newCount += 1
                    body.append(DiffLine(.context, old: i + 1, new: j + 1, a[i]))
                case .delete(let i):
                    if offset == 0 { oldStart = i; newStart = position(in: script, before: hunkStart, side: .new) }
                    oldCount += 1
                    body.append(DiffLine(.deleted, old: i + 1, new: nil, a[i]))
                case .insert(let j):
                    if offset == 0 { newStart = j; oldStart = position(in: script, before: hunkStart, side: .old) }
                    newCount += 1
                    body.append(DiffLine(.inserted, old: nil, new: j + 1, b[j]))
                }
            }
            hunks.append(DiffHunk(header: "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@", lines: body))
            index = hunkEnd
        }
        return hunks
    }

    private enum Side { case old, new }

    /// The 0-based line on `side` at which the script position `index` sits.
    private static func position(in script: [Operation], before index: Int, side: Side) -> Int {
        var count = 0
        for operation in script[..<index] {
            switch (operation, side) {
            case (.keep, _), (.delete, .old), (.insert, .new): count += 1
            default: break
            }
        }
        return count
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : count == 1 ? "\(start + 1)" : "\(start + 1),\(count)"
    }

    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == ByteClass.newline {
            result.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { result.append(Array(bytes[start...])) }
        return result
    }

    /// Myers' O(ND) shortest edit script.
    static func diff(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Operation] {
        let n = a.count, m = b.count
        let maximum = n + m
        var v = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        outer: for d in 0...maximum {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[k - 1 + maximum] < v[k + 1 + maximum]) {
                    x = v[k + 1 + maximum]
                } else {
                    x = v[k - 1 + maximum] + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[k + maximum] = x
                if x >= n && y >= m { break outer }
            }
        }
        // Walk back through the trace.
        var operations: [Operation] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[k - 1 + maximum] < v[k + 1 + maximum])) ? k + 1 : k - 1
            let previousX = v[previousK + maximum]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1; y -= 1
                operations.append(.keep(x, y))
            }
            if d > 0 {
                if x == previousX { y -= 1; operations.append(.insert(y)) } else { x -= 1; operations.append(.delete(x)) }
            }
        }
        return operations.reversed()
    }
}

/// A run of changed lines with their unchanged neighbours, as a unified diff's `@@` section shows it.
public struct DiffHunk: Sendable, Equatable {
    /// `@@ -3,7 +3,8 @@`
    public var header: String
    public var lines: [DiffLine]
}

/// One line of a diff, with its number on each side it is on (1-based).
public struct DiffLine: Sendable, Equatable {
    public enum Kind: String, Sendable { case context, deleted, inserted }

    public var kind: Kind
    public var oldNumber: Int?
    public var newNumber: Int?
    /// The line without its line ending.
    public var text: String
    /// The file's last line, without a newline after it.
    public var missingNewline: Bool

    init(_ kind: Kind, old: Int?, new: Int?, _ line: [UInt8]) {
        self.kind = kind
        oldNumber = old
        newNumber = new
        var bytes = line[...]
        missingNewline = bytes.last != ByteClass.newline
        // On bytes: "\r\n" is a single Character.
        if !missingNewline {
            bytes = bytes.dropLast()
            if bytes.last == ByteClass.carriageReturn { bytes = bytes.dropLast() }
        }
        text = String(decoding: bytes, as: UTF8.self)
    }
}
