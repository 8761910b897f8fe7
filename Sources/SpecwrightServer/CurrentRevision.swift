import Hummingbird
import SpecwrightStore

/// A spec's current revision as the server keeps it in memory: the record and the Markdown bytes,
/// held once, in the buffer a `text/markdown` response sends as is.
public struct CurrentRevision: Sendable {
    public let record: SpecRecord
    public let text: ByteBuffer

    public init(record: SpecRecord, markdown: String) {
        self.record = record
        self.text = ByteBuffer(string: markdown)
    }

    /// The Markdown as bytes, for parsing.
    public var bytes: [UInt8] { Array(text.readableBytesView) }
}
