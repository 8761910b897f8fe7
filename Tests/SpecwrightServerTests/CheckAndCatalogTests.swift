import Foundation
import Hummingbird
import HummingbirdTesting
import SpecwrightServer
import SpecwrightStore
import Testing

/// `POST /api/v1/check`, `/api/v1/templates`, `/api/v1/openapi.yaml`, and the probes outside the API.
@Suite("Check, templates, OpenAPI document and probes")
struct CheckAndCatalogTests {
    // MARK: Check

    @Test("POST /check with text/markdown: template, counts matching the findings, nothing stored")
    func checkMarkdown() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.send(.post, "/api/v1/check", as: .reader, body: Samples.paymentRetries, contentType: "text/markdown; charset=utf-8")
            #expect(response.status == .ok, "\(response.text)")
            let result = try response.decode(Bodies.CheckResult.self)
            #expect(result.template == "feature-spec" && result.templateSource == "marker")
            #expect(result.completeness.map { (0...1).contains($0) } == true)
            #expect(!result.findings.isEmpty)
            // The example is clean but for its 50 unticked checklist items (as `specwright check` reports it).
            #expect(result.errors == 0 && result.warnings == 0 && result.infos == 50, "\(result.errors) \(result.warnings) \(result.infos)")
            #expect(result.findings.count == 50 && result.findings.allSatisfy { $0.rule == "unchecked-item" && $0.severity == "info" })
            #expect(result.findings.count == result.errors + result.warnings + result.infos)
            #expect(result.errors == result.findings.filter { $0.severity == "error" }.count)
            #expect(result.warnings == result.findings.filter { $0.severity == "warning" }.count)
            #expect(result.infos == result.findings.filter { $0.severity == "info" }.count)
            #expect(result.findings.allSatisfy { ["error", "warning", "info"].contains($0.severity) && $0.line >= 1 && $0.column >= 1 })
            #expect(try await fixture.database.listSpecs(SpecQuery()).isEmpty)

            // text/plain is taken too.
            #expect(try await api.send(.post, "/api/v1/check", as: .reader, body: Samples.note("Plain"), contentType: "text/plain").status == .ok)
        }
    }

    @Test("POST /check: an SQL syntax error is an error finding of rule sql at its line and column")
    func checkSQL() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            for (contentType, body) in [("text/markdown", Samples.brokenSQL), ("application/json", try Self.json(["markdown": Samples.brokenSQL]))] {
                let response = try await api.send(.post, "/api/v1/check", as: .reader, body: body, contentType: contentType)
                #expect(response.status == .ok, "\(contentType): \(response.text)")
                let result = try response.decode(Bodies.CheckResult.self)
                let sql = result.findings.filter { $0.rule == "sql" }
                #expect(sql.count == 1, "\(contentType)")
                #expect(sql.first?.line == 5 && sql.first?.column == 24, "\(contentType)")
                #expect(sql.first?.severity == "error" && sql.first?.message.contains("SQL syntax error") == true)
                #expect(result.errors >= 1)
            }
        }
    }

    @Test("POST /check with JSON: an explicit template is used; an unknown one is 400 listing the known ones")
    func checkJSONTemplate() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.sendJSON(.post, "/api/v1/check", as: .reader, ["markdown": Samples.paymentRetries, "template": "system-design"])
            #expect(response.status == .ok)
            let result = try response.decode(Bodies.CheckResult.self)
            #expect(result.template == "system-design" && result.templateSource == "explicit")

            let note = try await api.sendJSON(.post, "/api/v1/check", as: .reader, ["markdown": Samples.note("Scratch")]).decode(Bodies.CheckResult.self)
            #expect(note.template == nil && note.templateSource == "none")

            let unknown = expectError(try await api.sendJSON(.post, "/api/v1/check", as: .reader, ["markdown": "# X\n", "template": "nope"]), .badRequest, "nope")
            #expect(unknown?.details == ["feature-spec", "system-design"])
            expectError(try await api.sendJSON(.post, "/api/v1/check", as: .reader, ["template": "feature-spec"]), .badRequest, "markdown")
            expectError(try await api.send(.post, "/api/v1/check", as: .reader, body: "{", contentType: "application/json"), .badRequest)
        }
    }

    @Test("POST /check with another Content-Type is 415", arguments: ["text/html", "application/xml", "application/x-www-form-urlencoded", nil])
    func checkWrongContentType(_ contentType: String?) async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            expectError(try await api.send(.post, "/api/v1/check", as: .reader, body: "# X\n", contentType: contentType), .unsupportedMediaType)
        }
    }

    static func json(_ object: [String: String]) throws -> String {
        String(decoding: try JSONEncoder().encode(object), as: UTF8.self)
    }

    // MARK: Templates

    @Test("GET /templates lists the built-in templates without their text")
    func templates() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.get("/api/v1/templates")
            #expect(response.status == .ok)
            let templates = try response.decode(Bodies.TemplateList.self).templates
            #expect(templates.map(\.name) == ["feature-spec", "system-design"])
            #expect(templates.allSatisfy { $0.source == "built-in" && !$0.summary.isEmpty && $0.sections == nil && $0.markdown == nil })
            #expect(templates.first?.statuses == ["DRAFT", "IN_REVIEW", "APPROVED", "IMPLEMENTED"])
        }
    }

    @Test("GET /templates/{name}: sections and text; an unknown name is 404")
    func template() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let response = try await api.get("/api/v1/templates/system-design")
            #expect(response.status == .ok)
            let template = try response.decode(Bodies.Template.self)
            #expect(template.name == "system-design" && template.statuses == ["Draft", "Review", "Approved", "Implemented"])
            #expect(template.sections?.contains("Executive Summary") == true)
            #expect(template.sections?.contains { $0.contains(" > ") } == true)
            // Every heading of the template below its title, as paths; Phase 1 and Phase 2 are one repeatable section.
            #expect(template.sections == [
                "Executive Summary",
                "Background & Context", "Background & Context > Problem Statement", "Background & Context > Current State",
                "Background & Context > Requirements Source",
                "Scope", "Scope > In Scope", "Scope > Out of Scope", "Scope > Success Criteria",
                "System Architecture", "System Architecture > High-Level Architecture", "System Architecture > Component Overview",
                "System Architecture > Data Flow", "System Architecture > Integration Points",
                "Technical Design", "Technical Design > API Design", "Technical Design > API Design > Endpoints",
                "Technical Design > API Design > Request/Response Examples", "Technical Design > Database Design",
                "Technical Design > Database Design > Schema Changes", "Technical Design > Database Design > Migration Strategy",
                "Technical Design > Security Considerations", "Technical Design > Security Considerations > Authentication & Authorization",
                "Technical Design > Security Considerations > Data Protection", "Technical Design > Security Considerations > Threat Model",
                "Implementation Plan", "Implementation Plan > Phase 1: [Phase Name]", "Implementation Plan > Deployment Strategy",
                "Testing Strategy", "Testing Strategy > Unit Testing", "Testing Strategy > Integration Testing",
                "Testing Strategy > Performance Testing", "Testing Strategy > Security Testing",
                "Monitoring & Observability", "Monitoring & Observability > Metrics to Track", "Monitoring & Observability > Logging Strategy",
                "Monitoring & Observability > Dashboards & Alerts",
                "Dependencies & Risks", "Dependencies & Risks > Dependencies", "Dependencies & Risks > Risks & Mitigations",
                "Dependencies & Risks > Assumptions",
                "Performance Requirements", "Performance Requirements > Scalability", "Performance Requirements > Performance Targets",
                "Performance Requirements > Resource Requirements",
                "Operations & Maintenance", "Operations & Maintenance > Deployment Process", "Operations & Maintenance > Backup & Recovery",
                "Operations & Maintenance > Maintenance Windows",
                "Documentation Requirements", "Documentation Requirements > Developer Documentation",
                "Documentation Requirements > User Documentation", "Documentation Requirements > Operational Documentation",
                "Review & Approval", "Review & Approval > Technical Review", "Review & Approval > Stakeholder Approval",
                "Review & Approval > Sign-off",
                "Appendices", "Appendices > A. Detailed API Specification", "Appendices > B. Database Schema Details",
                "Appendices > C. Performance Benchmarks", "Appendices > D. Security Analysis",
            ])
            #expect(template.markdown?.hasPrefix("# Technical Specification: [Feature/System Name]") == true)

            expectError(try await api.get("/api/v1/templates/no-such-template"), .notFound, "no-such-template")
        }
    }

    // MARK: The document and the probes

    @Test("GET /api/v1/openapi.yaml: 200 without a token, YAML, an OpenAPI 3.1.0 document")
    func openAPIDocument() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            for role in [nil, UserRole.reader] {
                let response = try await api.get("/api/v1/openapi.yaml", as: role)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
                #expect(response.text.hasPrefix("openapi: 3.1.0"))
            }
        }
    }

    @Test("/healthz, /readyz and /metrics answer without a token")
    func probes() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.run { api in
            let health = try await api.get("/healthz", as: nil)
            #expect(health.status == .ok && health.text == #"{"status":"ok"}"#)
            let ready = try await api.get("/readyz", as: nil)
            #expect(ready.status == .ok && ready.text == #"{"status":"ready"}"#)
            let metrics = try await api.get("/metrics", as: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(metrics.text == ServerFixture.metricsText)
        }
    }

    @Test("/readyz is 503 (JSON) when the database does not answer; /healthz still 200")
    func notReady() async throws {
        let fixture = try await ServerFixture.make(wrap: { FailingSpecStore(inner: $0) })
        try await fixture.run { api in
            expectError(try await api.get("/readyz", as: nil), .serviceUnavailable, "database")
            #expect(try await api.get("/healthz", as: nil).status == .ok)
        }
    }

    @Test("a database outage is 503 with Retry-After and a JSON error, for reads and writes, and nothing is written; a page says it too")
    func outage() async throws {
        let fixture = try await ServerFixture.make(wrap: { FailingSpecStore(inner: $0, failure: .outage) })
        try await fixture.run { api in
            for response in [
                try await api.get("/api/v1/specs/note"),
                try await api.get("/api/v1/specs"),
                try await api.create(["title": "During the outage"]),
                try await api.put("note", markdown: "# Note\n", ifMatch: "*"),
            ] {
                let error = expectError(response, .serviceUnavailable, "not reachable")
                #expect(error?.retry_after == 2)
                #expect(response.headers[.retryAfter] == "2")
            }
            expectError(try await api.get("/readyz", as: nil), .serviceUnavailable, "database")
            let page = try await fixture.signedIn(.reader, api).get("/")
            #expect(page.status == .serviceUnavailable && page.headers[.retryAfter] == "2")
            #expect(page.text.contains("<h1>503 Service Unavailable</h1>"))
        }
        #expect(try await fixture.database.listSpecs(SpecQuery()).isEmpty)
    }
}
