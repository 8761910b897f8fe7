import Foundation
import Hummingbird
import SpecwrightStore

/// A spec's current revision as the server keeps it in memory: the record and the two bodies a
/// read sends as they are, the Markdown text and the JSON detail view.
public struct CurrentRevision: Sendable {
    public let record: SpecRecord
    public let text: ByteBuffer
    /// The detail view (``SpecService/detailJSON(summary:analysis:)``); nil while the revision has no
    /// analysis made with this server's checker.
    public let detail: ByteBuffer?

    /// - Parameter analysis: the revision's stored analysis, if it was made with this server's checker.
    public init(record: SpecRecord, markdown: String, analysis: Data?) throws {
        self.record = record
        self.text = ByteBuffer(string: markdown)
        self.detail = try analysis.map { try SpecService.detailJSON(summary: SpecBody(record), analysis: $0) }
    }

    private init(record: SpecRecord, text: ByteBuffer, detail: ByteBuffer?) {
        self.record = record
        self.text = text
        self.detail = detail
    }

    /// This revision with its detail view.
    func with(detail: ByteBuffer) -> CurrentRevision { CurrentRevision(record: record, text: text, detail: detail) }

    /// The Markdown as bytes, for parsing.
    public var bytes: [UInt8] { Array(text.readableBytesView) }

    /// What the revision holds in memory, for the cache's byte budget.
    var size: Int { text.readableBytes + (detail?.readableBytes ?? 0) + 512 }
}
