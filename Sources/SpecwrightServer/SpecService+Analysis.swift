import Foundation
import Hummingbird
import SpecwrightCore
import SpecwrightStore

/// The part of a spec's detail view that depends on its text alone: completeness, sections and
/// findings. It is computed once per revision, when the revision is saved, and stored with it.
struct SpecAnalysis: Encodable {
    var completeness: Double
    var sections: [SectionBody]
    var findings: [Finding]
}

extension SpecService {
    /// Checks `spec` and encodes what the detail view shows of it, keyed by this service's checker.
    ///
    /// Nil only if the analysis cannot be encoded (it has no non-finite numbers, so in practice never).
    func analysis(of spec: Spec) -> RevisionAnalysis? { measure(spec).analysis }

    /// The analysis of `spec` and the facts lists show of it: completeness and finding counts.
    func measure(_ spec: Spec) -> (analysis: RevisionAnalysis?, completeness: Double, errors: Int, warnings: Int) {
        let report = checker.check(spec)
        let overview = SpecOverview(spec: spec, checker: checker, report: report)
        let body = SpecAnalysis(
            completeness: overview.completeness,
            sections: overview.sections.map { .init(title: $0.title, level: $0.level, line: $0.line, completeness: $0.completeness) },
            findings: report.diagnostics.map(Finding.init))
        let errors = report.diagnostics.count { $0.severity == .error }
        let warnings = report.diagnostics.count { $0.severity == .warning }
        guard let data = try? JSONFormat.encoder.encode(body) else { return (nil, overview.completeness, errors, warnings) }
        return (RevisionAnalysis(key: analysisKey, data: data), overview.completeness, errors, warnings)
    }

    /// The detail view of `current`. A revision without an analysis made with this checker (saved
    /// before analyses existed, or under other settings) is analysed now; the analysis is stored for
    /// later readers and the view kept in memory with the revision.
    func detailJSON(_ current: CurrentRevision) async throws -> ByteBuffer {
        if let detail = current.detail { return detail }
        guard let analysis = self.analysis(of: Spec(bytes: current.bytes, path: current.record.slug)) else {
            throw APIError(.internalServerError, "the spec's analysis could not be encoded")
        }
        // Storing it only saves later readers work: a read must not fail because it could not be kept.
        try? await store.setAnalysis(slug: current.record.slug, revision: current.record.currentRevision, analysis)
        let detail = try Self.detailJSON(summary: SpecBody(current.record), analysis: analysis.data)
        currentRevisions.update(current.record.slug) { cached in
            guard let cached, cached.record == current.record else { return cached }
            return cached.with(detail: detail)
        }
        return detail
    }

    /// `{…analysis, "spec": summary}` without decoding the analysis: with sorted keys, "spec" comes
    /// after every key of the analysis, so the result is what encoding the whole view would give.
    static func detailJSON(summary: SpecBody, analysis: Data) throws -> ByteBuffer {
        let spec = try JSONFormat.encoder.encode(summary)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(analysis.count + spec.count + 10)
        buffer.writeBytes(analysis.dropLast())
        buffer.writeString(analysis.count > 2 ? ",\"spec\":" : "\"spec\":")
        buffer.writeBytes(spec)
        buffer.writeString("}")
        return buffer
    }
}
