import Foundation
import SpecwrightCore

/// The `Specwright-Signature` header of a delivery: `t=<unix seconds>,v1=<hex>`, where the hex is
/// HMAC-SHA256 under the webhook's secret of `"<t>.<body>"` — the scheme Stripe uses. A receiver
/// recomputes it, compares in constant time, and refuses timestamps older than a few minutes (replays).
public enum WebhookSignature {
    public static let headerName = "Specwright-Signature"

    /// The header value for `body` sent at `time`.
    public static func header(body: [UInt8], secret: String, time: Date) -> String {
        let timestamp = Int(time.timeIntervalSince1970)
        return "t=\(timestamp),v1=" + HMACSHA256.hex(Array("\(timestamp).".utf8) + body, key: Array(secret.utf8))
    }

    /// Whether `header` signs `body` under `secret`, made within `tolerance` of `now`.
    public static func verify(header: String, body: [UInt8], secret: String, now: Date = Date(), tolerance: TimeInterval = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Array(HMACSHA256.hex(Array("\(timestamp).".utf8) + body, key: Array(secret.utf8)).utf8)
        return signatures.contains { candidate in
            let bytes = Array(candidate.utf8)
            guard bytes.count == expected.count else { return false }
            return zip(bytes, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
