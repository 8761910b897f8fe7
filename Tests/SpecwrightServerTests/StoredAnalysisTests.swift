import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightCore
import SpecwrightSQLite
import SpecwrightStore
import Testing

@testable import SpecwrightServer

/// Each revision's analysis (completeness, sections, findings) is computed when it is saved and
/// stored with it, so a read of a spec the server does not have in memory costs no check.
@Suite("Stored analyses")
struct StoredAnalysisTests {
    static let service = SpecService(store: try! SQLiteSpecStore(), environment: ServerFixture.environment)

    @Test("saving through the API stores the analysis under the checker's fingerprint")
    func storedOnWrite() async throws {
        let fixture = try await ServerFixture.make()
        let slug = try await fixture.run { api in
            let response = try await api.create(["markdown": Samples.paymentRetries])
            #expect(response.status == .created)
            return try response.decode(Bodies.SpecDetail.self).spec.slug
        }
        let revision = try #require(try await fixture.database.revision(slug: slug, number: 1))
        #expect(revision.analysisKey == ServerFixture.checker.fingerprint)
        let analysis = try #require(revision.analysis)
        let object = try #require(try JSONSerialization.jsonObject(with: analysis) as? [String: Any])
        #expect(Set(object.keys) == ["completeness", "sections", "findings"])
    }

    @Test("a revision without an analysis, or with another checker's, is analysed on its first read and the analysis stored", arguments: [nil, "sha256:another-checker"])
    func computedOnRead(staleKey: String?) async throws {
        let fixture = try await ServerFixture.make()
        let reference = try await fixture.seed("reference", markdown: Samples.paymentRetries)
        var facts = Self.service.facts(Samples.paymentRetries, slug: "old")
        facts.analysis = staleKey.map { RevisionAnalysis(key: $0, data: Data(#"{"completeness":0,"findings":[],"sections":[]}"#.utf8)) }
        _ = try await fixture.database.createSpec(facts, markdown: Samples.paymentRetries, author: "Seed", message: "created")
        try await fixture.run { api in
            let old = try await api.get("/api/v1/specs/old")
            let fresh = try await api.get("/api/v1/specs/reference")
            #expect(old.status == .ok && fresh.status == .ok)
            let oldDetail = try old.decode(Bodies.SpecDetail.self)
            let freshDetail = try fresh.decode(Bodies.SpecDetail.self)
            #expect(oldDetail.findings.count == freshDetail.findings.count && !oldDetail.findings.isEmpty)
            #expect(oldDetail.sections.count == freshDetail.sections.count && oldDetail.completeness == freshDetail.completeness)
            // What a check of the text gives, finding for finding (rule, position, severity, message).
            let spec = Spec(bytes: Array(Samples.paymentRetries.utf8), path: "old")
            let expected = ServerFixture.checker.check(spec).diagnostics.map(Finding.init).map {
                Bodies.Finding(line: $0.line, column: $0.column, endLine: $0.endLine, endColumn: $0.endColumn, rule: $0.rule, severity: $0.severity, message: $0.message)
            }
            #expect(oldDetail.findings == expected)
            #expect(freshDetail.findings == expected)
            let overview = SpecOverview(spec: spec, checker: ServerFixture.checker)
            let sections = overview.sections.map { Bodies.Section(title: $0.title, level: $0.level, line: $0.line, completeness: $0.completeness) }
            #expect(oldDetail.sections == sections && freshDetail.sections == sections)
            #expect(oldDetail.completeness == overview.completeness)
        }
        let stored = try #require(try await fixture.database.revision(slug: "old", number: 1))
        #expect(stored.analysisKey == ServerFixture.checker.fingerprint)
        #expect(stored.analysis == (try await fixture.database.revision(slug: reference.slug, number: 1))?.analysis)
    }

    @Test("the detail is the analysis with \"spec\" added: the same bytes as encoding the whole view with sorted keys")
    func composition() async throws {
        struct WholeView: Encodable {
            var completeness: Double
            var findings: [Finding]
            var sections: [SectionBody]
            var spec: SpecBody
        }
        let spec = Spec(bytes: Array(Samples.paymentRetries.utf8), path: "payment-retries")
        let analysis = try #require(Self.service.analysis(of: spec))
        let record = try await SQLiteSpecStore().createSpec(Self.service.facts(Samples.paymentRetries, slug: "payment-retries"), markdown: Samples.paymentRetries, author: "Ada", message: "created")
        let overview = SpecOverview(spec: spec, checker: ServerFixture.checker)
        let whole = WholeView(
            completeness: overview.completeness, findings: ServerFixture.checker.check(spec).diagnostics.map(Finding.init),
            sections: overview.sections.map { .init(title: $0.title, level: $0.level, line: $0.line, completeness: $0.completeness) },
            spec: SpecBody(record))
        let composed = try SpecService.detailJSON(summary: SpecBody(record), analysis: analysis.data)
        #expect(Array(composed.readableBytesView) == Array(try JSONFormat.encoder.encode(whole)))
        #expect(String(buffer: try SpecService.detailJSON(summary: SpecBody(record), analysis: Data("{}".utf8))).hasPrefix(#"{"spec":{"#))
    }
}
