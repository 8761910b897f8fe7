import Foundation
import Testing

@testable import SpecwrightEmbeddedChecks
import SpecwrightCore

/// The embedded-block rules (`sql`, `yaml`, `json`, `openapi`): exact messages and `line:column`
/// positions in the spec, PostgreSQL tolerance, and the seed templates' own blocks.
@Suite("Embedded block rules")
struct EmbeddedBlockTests {
    static let blockRules: Set<String> = ["sql", "yaml", "json", "openapi"]

    /// One finding: rule, `line:column`, message.
    struct Finding: Equatable, CustomStringConvertible {
        var rule: String
        var position: String
        var message: String

        init(_ rule: String, _ position: String, _ message: String) {
            self.rule = rule
            self.position = position
            self.message = message
        }

        init(_ diagnostic: Diagnostic) {
            self.init(diagnostic.rule, "\(diagnostic.line):\(diagnostic.column)", diagnostic.message)
        }

        var description: String { "\(rule) \(position) \(message)" }
    }

    static let checker = Checker(catalog: .builtin, rules: .withEmbeddedChecks)

    /// The block-rule findings for a Markdown text.
    static func findings(_ text: String) -> [Finding] {
        findings(Array(text.utf8))
    }

    static func findings(_ bytes: [UInt8]) -> [Finding] {
        checker.check(Spec(bytes: bytes, path: "specs/blocks.md")).diagnostics.filter { blockRules.contains($0.rule) }.map(Finding.init)
    }

    /// A document with one fenced block of `language` whose first content line is line 5.
    static func document(_ language: String, _ body: String) -> String {
        "# Blocks\n\nSome text.\n```\(language)\n\(body)\n```\n"
    }

    @Test("RuleSet.withEmbeddedChecks adds the four block rules after the core ones, as errors")
    func ruleSet() {
        let ids = RuleSet.withEmbeddedChecks.rules.map(\.id)
        #expect(Array(ids.prefix(RuleSet.core.rules.count)) == RuleSet.core.rules.map(\.id))
        #expect(Array(ids.suffix(4)) == ["sql", "yaml", "json", "openapi"])
        #expect(RuleSet.withEmbeddedChecks.rules.suffix(4).allSatisfy { $0.defaultSeverity == .error && !$0.descriptor.summary.isEmpty })
    }

    @Test("SARIF describes the embedded-block rules with their own summary and help")
    func sarifDescribesBlockRules() throws {
        let checker = Checker(catalog: .builtin, rules: .withEmbeddedChecks)
        let report = checker.check(Spec(bytes: Array(Self.document("sql", "CREATE TABLE t (id INT,, name TEXT);").utf8), path: "a.md"))
        let sarif = SARIFReportWriter(rules: checker.rules).render(CheckRun(reports: [report], rules: checker.rules))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let sql = try #require(rules.first { $0["id"] as? String == "sql" })
        #expect((sql["shortDescription"] as? [String: String])?["text"] == SQLBlockRule().descriptor.summary)
        #expect((sql["help"] as? [String: String])?["text"] == SQLBlockRule().descriptor.help)
    }

    // MARK: SQL

    @Test("sql: a syntax error is reported at the offending token")
    func sqlSyntaxError() {
        #expect(Self.findings(Self.document("sql", "CREATE TABLE t (id INT,, name TEXT);")) == [
            Finding("sql", "5:24", "SQL syntax error: near \",\": syntax error"),
        ])
    }

    @Test("sql: positions in a later statement and line of a block")
    func sqlLaterStatement() {
        let body = """
            CREATE TABLE a (id INTEGER PRIMARY KEY);

            -- second statement
            CREATE TABLE b (
              id INTEGER,
              name TEXT NOT NULL
              created_at TEXT
            );
            """
        #expect(Self.findings(Self.document("sql", body)) == [
            Finding("sql", "11:3", "SQL syntax error: near \"created_at\": syntax error"),
        ])
    }

    @Test("sql: PostgreSQL-isms are not errors")
    func sqlPostgres() {
        let body = """
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE search_documents (
              id BIGSERIAL PRIMARY KEY,
              body JSONB NOT NULL DEFAULT '{}'::jsonb,
              tags TEXT[] DEFAULT '{}'::text[],
              index INTEGER NOT NULL,
              key TEXT,
              created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
              updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
            );
            CREATE INDEX idx_search_body ON search_documents USING gin (body);
            CREATE INDEX idx_search_created ON search_documents USING btree (created_at);
            SELECT id, body::text FROM search_documents WHERE body ->> 'a' = 'b';
            COMMENT ON TABLE search_documents IS 'Documents; searchable';
            ALTER TABLE search_documents ADD CONSTRAINT body_not_empty CHECK (body <> '{}'::jsonb);
            GRANT SELECT ON search_documents TO reader;
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN NEW.updated_at = now(); RETURN NEW; END;
            $$ LANGUAGE plpgsql;
            """
        #expect(Self.findings(Self.document("sql", body)) == [])
        #expect(Self.findings(Self.document("postgresql", body)) == [])
    }

    @Test("sql: a semantic-only problem (index on a missing table, unknown column) is not an error")
    func sqlSemanticOnly() {
        let body = """
            CREATE INDEX idx_missing ON missing_table (missing_column);
            SELECT missing_column FROM nowhere;
            INSERT INTO ghosts (name) VALUES ('casper');
            """
        #expect(Self.findings(Self.document("sql", body)) == [])
    }

    @Test("sql: only sql-tagged blocks are parsed; comments-only blocks are fine")
    func sqlOtherLanguages() {
        #expect(Self.findings(Self.document("text", "CREATE TABLE t (id INT,, name TEXT);")) == [])
        #expect(Self.findings(Self.document("", "CREATE TABLE t (id INT,, name TEXT);")) == [])
        #expect(Self.findings(Self.document("sql", "-- nothing here yet\n-- TODO")) == [])
        #expect(Self.findings(Self.document("SQL", "SELEC 1;")) == [Finding("sql", "5:1", "SQL syntax error: near \"SELEC\": syntax error")])
    }

    @Test("sql: an unterminated statement is reported")
    func sqlIncomplete() {
        #expect(Self.findings(Self.document("sql", "CREATE TABLE t (\n  id INTEGER")) == [
            // SQLite gives no offset for incomplete input: the statement's start is reported.
            Finding("sql", "5:1", "SQL syntax error: incomplete input"),
        ])
    }

    // MARK: Seeds

    @Test("The seed templates' own blocks pass every block rule, as generated and as filled", arguments: ["feature-spec", "system-design"])
    func seeds(_ name: String) {
        let template = TemplateCatalog.builtin.template(named: name)!
        let generated = SpecGenerator(template: template).generate(title: "Search Service", author: "Ada", date: "2026-01-15")
        #expect(Self.findings(generated) == [])
        #expect(Self.findings(template.document.bytes) == [])
        // The system design's schema with its placeholders filled as a user would.
        var text = String(decoding: generated, as: UTF8.self)
        text = text.replacingOccurrences(of: "[table_name]", with: "search_documents").replacingOccurrences(of: "[field_name]", with: "title")
        #expect(Self.findings(Array(text.utf8)) == [])
        // The same schema with a typo is caught, at the typo.
        if name == "system-design" {
            let broken = text.replacingOccurrences(of: "title VARCHAR(255) NOT NULL,", with: "title VARCHAR(255) NOT NULL,,")
            let lines = broken.split(separator: "\n", omittingEmptySubsequences: false)
            let line = lines.firstIndex { $0.contains("NOT NULL,,") }!
            let column = lines[line].distance(from: lines[line].startIndex, to: lines[line].range(of: ",,")!.lowerBound) + 2
            #expect(column == 31)
            #expect(Self.findings(Array(broken.utf8)) == [Finding("sql", "\(line + 1):\(column)", "SQL syntax error: near \",\": syntax error")])
        }
    }

    // MARK: YAML

    @Test("yaml: a parse error at libyaml's line and column")
    func yamlError() {
        let body = """
            service: payments
            limits:
              retries: 3
                backoff: exponential
            """
        #expect(Self.findings(Self.document("yaml", body)) == [
            Finding("yaml", "8:12", "YAML does not parse: mapping values are not allowed in this context"),
        ])
    }

    @Test("yaml: an unclosed flow sequence; yml is YAML too; valid YAML passes")
    func yamlMore() {
        #expect(Self.findings(Self.document("yml", "items: [a, b\nnext: 1")) == [
            Finding("yml", "6:5", "YAML does not parse: did not find expected ',' or ']'"),
        ].map { Finding("yaml", $0.position, $0.message) })
        #expect(Self.findings(Self.document("yaml", "a: 1\nb:\n  - x\n  - y\n---\nsecond: document")) == [])
    }

    // MARK: JSON

    @Test("json: a parse error at the parser's position")
    func jsonError() {
        #expect(Self.findings(Self.document("json", "{\"a\": 1 \"b\": 2}")) == [
            Finding("json", "5:9", "JSON does not parse: Invalid value around character 8."),
        ])
        #expect(Self.findings(Self.document("json", "[1, 2")) == [
            Finding("json", "4:1", "JSON does not parse: Unexpected end of file during JSON parse."),
        ])
    }

    @Test("json: a trailing comma is an error on every platform")
    func jsonTrailingComma() {
        let body = """
            {
              "example": "request",
              "field": "value",
            }
            """
        #expect(Self.findings(Self.document("json", body)) == [
            Finding("json", "7:19", "JSON does not parse: trailing comma around character 44."),
        ])
    }

    @Test("json: valid JSON and fragments pass")
    func jsonValid() {
        #expect(Self.findings(Self.document("json", "{\"a\": [1, 2, {\"b\": null}]}")) == [])
        #expect(Self.findings(Self.document("json", "\"just a string\"")) == [])
        #expect(Self.findings(Self.document("json", "")) == [])
        #expect(Self.findings(Self.document("json", "[\"a,]\", {\"b\": \"c, }\"}, [1, 2]]")) == [], "commas in strings are not trailing")
    }

    // MARK: Illustrative fragments

    /// Findings with their severities, for the fragment tests.
    static func weighed(_ text: String) -> [String] {
        checker.check(Spec(bytes: Array(text.utf8), path: "specs/blocks.md")).diagnostics
            .filter { blockRules.contains($0.rule) }.map { "\($0.severity) \($0.line):\($0.column) \($0.message)" }
    }

    @Test("fragments: what a document leaves out is validated around", arguments: [
        ("yaml", "apiVersion: v1\nkind: Pod\nspec:\n  ...\n  dnsPolicy: Custom"),
        ("yaml", "apiVersion: v1\n...\nspec:\n  replicas: 3"),
        ("yaml", "metadata:\n  name: <your-name>\n  labels: …"),
        ("json", "{\n  \"generics\": {...},\n  \"decl\": [...]\n}"),
        ("json", "{\n  \"id\": 396, // same as before\n  \"name\": \"crab\" /* kept */\n}"),
        ("json", "\"generics\": {\n  \"params\": []\n}"),
        ("json", "{\"a\": 1},\n{\"b\": 2}"),
        ("json", "{\n  \"value\": <value>\n}"),
    ])
    func fragmentsPass(_ language: String, _ body: String) {
        #expect(Self.weighed(Self.document(language, body)) == [])
    }

    @Test("fragments: still broken around the elision is an info, not an error")
    func fragmentStillBroken() {
        #expect(Self.weighed(Self.document("json", "{\n  \"a\": 1\n  ...\n  \"b\": 2\n}")) == [
            "info 4:1 JSON fragment not validated: it leaves part of itself out (from line 3 of the block), and around that it does not parse: Invalid value around character 19.",
        ])
        #expect(Self.weighed(Self.document("yaml", "spec:\n  ...\n    bad: [1\n  next: 2")).count == 1)
        #expect(Self.weighed(Self.document("yaml", "spec:\n  ...\n    bad: [1\n  next: 2")).first?.hasPrefix("info 4:1 YAML fragment not validated") == true)
    }

    @Test("fragments: a complete block with a real error is still an error; comments alone do not excuse one")
    func wholeBlocksStayErrors() {
        #expect(Self.weighed(Self.document("yaml", "a:\n  - x\n - y")).first?.hasPrefix("error ") == true)
        #expect(Self.weighed(Self.document("json", "{\n  // a comment\n  \"a\": 1,\n}")).first?.hasPrefix("error ") == true)
        #expect(Self.weighed(Self.document("json", "{\"a\": 1 \"b\": 2}")).first?.hasPrefix("error ") == true)
        // A YAML document end followed by another document is YAML.
        #expect(Self.weighed(Self.document("yaml", "a: 1\n...\n---\nb: 2")) == [])
    }

    // MARK: OpenAPI

    static let openAPI30 = """
        openapi: 3.0.3
        info:
          title: Payments
          version: 1.0.0
        paths:
          /payments/{id}:
            get:
              summary: Get a payment
              parameters:
                - name: id
                  in: path
                  required: true
                  schema:
                    type: string
              responses:
                '200':
                  description: The payment
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          id:
                            type: string
                          amount:
                            type: integer
                            nullable: true
        """

    static let openAPI31 = """
        openapi: 3.1.0
        info:
          title: Payments
          version: 1.0.0
        paths:
          /payments:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: [object, 'null']
              responses:
                '201':
                  description: Created
        """

    @Test("openapi: 3.0 and 3.1 documents that validate cleanly", arguments: [openAPI30, openAPI31])
    func openAPIValid(_ document: String) {
        #expect(Self.findings(Self.document("yaml", document)) == [])
    }

    @Test("openapi: a JSON OpenAPI document is validated too")
    func openAPIJSON() {
        let valid = #"{"openapi": "3.1.0", "info": {"title": "P", "version": "1"}, "paths": {}}"#
        #expect(Self.findings(Self.document("json", valid)) == [])
        let invalid = #"{"openapi": "3.1.0", "paths": {}}"#
        #expect(Self.findings(Self.document("json", invalid)).map(\.rule) == ["openapi"])
    }

    @Test("openapi: a document without info fails")
    func openAPIMissingInfo() {
        let document = """
            openapi: 3.0.3
            paths:
              /payments:
                get:
                  responses:
                    '200':
                      description: OK
            """
        #expect(Self.findings(Self.document("yaml", document)) == [
            Finding("openapi", "4:1", "OpenAPI: Expected to find `info` key in the root Document object but it is missing."),
        ])
    }

    @Test("openapi: a response without a description fails, reported at its line")
    func openAPIResponseWithoutDescription() {
        let document = """
            openapi: 3.1.0
            info:
              title: Payments
              version: 1.0.0
            paths:
              /payments:
                get:
                  responses:
                    '200':
                      content: {}
            """
        #expect(Self.findings(Self.document("yaml", document)) == [
            Finding("openapi", "12:1", "OpenAPI: Problem encountered when parsing ``: The Response description field cannot be nil for OpenAPI document versions lower than 3.2.0."),
        ])
    }

    @Test("openapi: an unsupported version is reported at the openapi line")
    func openAPIUnsupportedVersion() {
        #expect(Self.findings(Self.document("yaml", "openapi: 2.0\ninfo: {title: x, version: '1'}")) == [
            Finding("openapi", "5:1", "unsupported OpenAPI version '2.0' (3.0.x and 3.1.x are validated)"),
        ])
    }

    @Test("openapi: a Swagger 2 fragment without an openapi key is only parsed")
    func swaggerFragment() {
        let fragment = """
            # OpenAPI/Swagger specification
            paths:
              /api/v1/resource:
                get:
                  summary: List resources
                  parameters:
                    - name: limit
                      in: query
                      type: integer
                      default: 20
                  responses:
                    200:
                      description: Success
                      schema:
                        type: array
                        items:
                          $ref: '#/definitions/Resource'
            """
        #expect(Self.findings(Self.document("yaml", fragment)) == [])
        // With a YAML error it is the yaml rule, not openapi, that reports.
        #expect(Self.findings(Self.document("yaml", fragment + "\n  bad: [")).map(\.rule) == ["yaml"])
    }

    @Test("Findings map into CRLF documents and nested blocks at the right place")
    func crlfAndNested() {
        let crlf = Self.document("sql", "SELECT 1;\nCREATE TABLE t (id INT,, name TEXT);").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Self.findings(crlf) == [Finding("sql", "6:24", "SQL syntax error: near \",\": syntax error")])
        let nested = "# Blocks\n\n- item\n\n  ```sql\n  CREATE TABLE t (id INT,, name TEXT);\n  ```\n"
        #expect(Self.findings(nested) == [Finding("sql", "6:26", "SQL syntax error: near \",\": syntax error")])
    }
}
