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
        guard old != new else { return "" }
        let a = lines(old)
        let b = lines(new)
        let script = diff(a, b)
        var output = "--- a/\(path)\n+++ b/\(path)\n"
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
            var body = ""
            for (offset, operation) in script[hunkStart..<hunkEnd].enumerated() {
                switch operation {
                case .keep(let i, let j):
                    if offset == 0 { oldStart = i; newStart = j }
                    oldCount += 1; newCount += 1
                    body += " " + show(a[i])
                case .delete(let i):
                    if offset == 0 { oldStart = i; newStart = position(in: script, before: hunkStart, side: .new) }
                    oldCount += 1
                    body += "-" + show(a[i])
                case .insert(let j):
                    if offset == 0 { newStart = j; oldStart = position(in: script, before: hunkStart, side: .old) }
                    newCount += 1
                    body += "+" + show(b[j])
                }
            }
            output += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n" + body
            index = hunkEnd
        }
        return output
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

    private static func show(_ line: [UInt8]) -> String {
        // On bytes: "\r\n" is a single Character, so dropping two Characters would eat the line's last one.
        if line.count >= 2 && line[line.count - 2] == ByteClass.carriageReturn && line[line.count - 1] == ByteClass.newline {
            return String(decoding: line.dropLast(2), as: UTF8.self) + "\n"
        }
        let text = String(decoding: line, as: UTF8.self)
        if line.last == ByteClass.newline { return text }
        return text + "\n\\ No newline at end of file\n"
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
