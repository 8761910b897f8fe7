import Foundation
import SpecwrightCore
import Testing

@Suite("Review: anchors, mentions, HMAC, the concern gate")
struct ReviewCoreTests {
    static let text = """
        # Spec

        ## Overview

        ### Scope

        Cards only. Not refunds.

        ## Design

        Retries with keys.

        """

    static func spec(_ text: String = text) -> Spec { Spec(bytes: Array(text.utf8), path: "s.md") }

    @Test("an anchor finds its section and passage; follows a renamed parent or a moved passage; is outdated when the passage is gone")
    func anchors() {
        let anchor = ThreadAnchor(sectionPath: ["Overview", "Scope"], quote: "Not refunds.")
        let here = anchor.locate(in: Self.spec())
        #expect(here.sectionPath == ["Overview", "Scope"] && !here.sectionMoved && !here.isOutdated)
        #expect(here.quoteRange.map { String(decoding: Array(Self.text.utf8)[$0], as: UTF8.self) } == "Not refunds.")

        let renamed = anchor.locate(in: Self.spec(Self.text.replacingOccurrences(of: "## Overview", with: "## Summary")))
        #expect(renamed.sectionPath == ["Summary", "Scope"] && renamed.sectionMoved && !renamed.isOutdated)

        let moved = anchor.locate(in: Self.spec(Self.text.replacingOccurrences(of: "Cards only. Not refunds.", with: "Cards only.")
            .replacingOccurrences(of: "Retries with keys.", with: "Retries with keys. Not refunds.")))
        #expect(moved.sectionPath == ["Design"] && moved.sectionMoved && !moved.isOutdated)

        let gone = anchor.locate(in: Self.spec(Self.text.replacingOccurrences(of: " Not refunds.", with: "")))
        #expect(gone.isOutdated && gone.sectionPath == ["Overview", "Scope"] && gone.quoteRange == nil)

        #expect(ThreadAnchor(sectionPath: []).locate(in: Self.spec()).section == nil)
        #expect(ThreadAnchor(sectionPath: [], quote: "s.").occurrences(in: Self.spec(), within: 0..<Self.text.utf8.count) == 2)
        #expect(ThreadAnchor(sectionPath: [], quote: "keys").occurrences(in: Self.spec(), within: 0..<Self.text.utf8.count) == 1)
        #expect(ThreadAnchor(sectionPath: ["Nowhere"]).locate(in: Self.spec()).section == nil)
    }

    @Test("mentions: names after @, not in e-mail addresses, trailing punctuation dropped, each once")
    func mentions() {
        #expect(Mentions.names(in: "@sam, see mail@example.com and @pat.lee. Thanks @sam!") == ["sam", "pat.lee"])
        #expect(Mentions.names(in: "@ alone, @@double, @-x").isEmpty)
    }

    @Test("HMAC-SHA256 matches RFC 4231 test cases 1, 2 and 6 (a key longer than a block)")
    func hmac() {
        #expect(HMACSHA256.hex(Array("Hi There".utf8), key: [UInt8](repeating: 0x0b, count: 20))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(HMACSHA256.hex(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.hex(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8), key: [UInt8](repeating: 0xaa, count: 131))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test("open concerns are unmet gates of approval only, at their section's heading")
    func concernGate() {
        let concern = OpenConcern(id: 7, author: "tom", sectionPath: ["Design"], summary: "Keys expire?")
        var gates = GateEvaluator(checker: Checker(catalog: .builtin))
        gates.openConcerns = [concern]
        let approval = gates.unmetGates(for: Self.spec(), target: .approved).filter { $0.gate == "approved.no-open-concerns" }
        #expect(approval.map(\.message) == ["open concern #7 by tom on 'Design': Keys expire?"])
        #expect(approval.first?.range?.start.line == 9)
        #expect(gates.unmetGates(for: Self.spec(), target: .review).allSatisfy { $0.gate != "approved.no-open-concerns" })
    }
}
