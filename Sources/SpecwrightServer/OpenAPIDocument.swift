/// The OpenAPI 3.1 document describing every endpoint (served at `/api/v1/openapi.yaml`).
///
/// It is the contract: CI runs schemathesis against a live server with it.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: Specwright API
  version: 0.1.0
  description: |
    Optional JSON fields may also be null, which means absent.
    Specs as engineering artifacts: stored with every revision, checked against their templates,
    moved through DRAFT → IN_REVIEW → APPROVED → IMPLEMENTED with gates and content-bound sign-offs.
    Every operation lists its minimum role in `x-minimum-role` (reader < author < reviewer < approver < admin).
    Errors are always `{"error": "message"}` with `details` where useful.
servers:
  - url: /
security:
  - bearer: []
tags:
  - name: specs
  - name: check
  - name: templates
paths:
  /api/v1/specs:
    get:
      tags: [specs]
      operationId: listSpecs
      summary: List specs (keyset pagination, filters, title search)
      x-minimum-role: reader
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}
        - {name: cursor, in: query, description: next_cursor of the previous page, schema: {type: string, pattern: "^[a-z0-9][a-z0-9-]{0,99}$"}}
        - {name: status, in: query, schema: {type: string, maxLength: 200}}
        - {name: template, in: query, schema: {type: string, maxLength: 200}}
        - {name: q, in: query, description: text to find in titles, schema: {type: string, maxLength: 200}}
      responses:
        "200": {description: A page of specs, content: {application/json: {schema: {$ref: "#/components/schemas/SpecList"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
    post:
      tags: [specs]
      operationId: createSpec
      summary: Create a spec from a template (title, template) or from Markdown
      x-minimum-role: author
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              anyOf:
                - {required: [title], properties: {title: {type: string}}}
                - {required: [markdown], properties: {markdown: {type: string}}}
              properties:
                title: {type: [string, "null"], minLength: 1, maxLength: 200}
                template: {type: [string, "null"], enum: [feature-spec, system-design, null]}
                markdown: {type: [string, "null"]}
                slug: {type: [string, "null"], pattern: "^[a-z0-9][a-z0-9-]{0,99}$"}
      responses:
        "201":
          description: Created
          headers:
            Location: {schema: {type: string}}
            ETag: {schema: {type: string}}
          content: {application/json: {schema: {$ref: "#/components/schemas/SpecDetail"}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/specs/{slug}:
    parameters:
      - $ref: "#/components/parameters/Slug"
    get:
      tags: [specs]
      operationId: getSpec
      summary: A spec's facts, sections with completeness and findings; Accept text/markdown for the text
      x-minimum-role: reader
      responses:
        "200":
          description: The spec
          headers:
            ETag: {schema: {type: string}}
          content:
            application/json: {schema: {$ref: "#/components/schemas/SpecDetail"}}
            text/markdown: {schema: {type: string}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
    put:
      tags: [specs]
      operationId: putSpec
      summary: Save a new revision; If-Match with the ETag read is required
      x-minimum-role: author
      parameters:
        - {name: If-Match, in: header, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          text/markdown: {schema: {description: The spec's Markdown text}}
          application/json:
            schema:
              type: object
              required: [markdown]
              properties:
                markdown: {type: string}
                message: {type: [string, "null"]}
      responses:
        "200":
          description: Saved (or unchanged)
          headers:
            ETag: {schema: {type: string}}
          content: {application/json: {schema: {$ref: "#/components/schemas/SpecDetail"}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "412": {$ref: "#/components/responses/PreconditionFailed"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
    delete:
      tags: [specs]
      operationId: archiveSpec
      summary: Archive a spec (its history stays in the database; the API then answers 404 for it)
      x-minimum-role: admin
      responses:
        "200": {description: Archived, content: {application/json: {schema: {$ref: "#/components/schemas/SpecSummary"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/specs/{slug}/revisions:
    parameters:
      - $ref: "#/components/parameters/Slug"
    get:
      tags: [specs]
      operationId: listRevisions
      summary: The spec's revisions, oldest first
      x-minimum-role: reader
      responses:
        "200":
          description: Revisions
          content:
            application/json:
              schema:
                type: object
                required: [revisions]
                properties:
                  revisions: {type: array, items: {$ref: "#/components/schemas/Revision"}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/specs/{slug}/revisions/{number}:
    parameters:
      - $ref: "#/components/parameters/Slug"
      - {name: number, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 1000000000}}
    get:
      tags: [specs]
      operationId: getRevision
      summary: One revision with its text
      x-minimum-role: reader
      responses:
        "200": {description: The revision, content: {application/json: {schema: {$ref: "#/components/schemas/Revision"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/specs/{slug}/diff:
    parameters:
      - $ref: "#/components/parameters/Slug"
    get:
      tags: [specs]
      operationId: diffRevisions
      summary: Unified diff between two revisions
      x-minimum-role: reader
      parameters:
        - {name: from, in: query, required: true, schema: {type: integer, minimum: 1, maximum: 1000000000}}
        - {name: to, in: query, required: true, schema: {type: integer, minimum: 1, maximum: 1000000000}}
      responses:
        "200": {description: The diff, content: {text/x-diff: {schema: {type: string}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/specs/{slug}/transitions:
    parameters:
      - $ref: "#/components/parameters/Slug"
    post:
      tags: [specs]
      operationId: transitionSpec
      summary: Move the spec to another status through the gates (approving needs the approver role)
      x-minimum-role: author
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [to]
              properties:
                to: {type: string, minLength: 1, maxLength: 100}
                reason: {type: [string, "null"]}
      responses:
        "200": {description: Moved, content: {application/json: {schema: {$ref: "#/components/schemas/SpecDetail"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "412": {$ref: "#/components/responses/PreconditionFailed"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/specs/{slug}/signoffs:
    parameters:
      - $ref: "#/components/parameters/Slug"
    post:
      tags: [specs]
      operationId: signOffSpec
      summary: Sign off as the authenticated user, bound to the current content
      x-minimum-role: reviewer
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [role]
              properties:
                role: {type: string, minLength: 1, maxLength: 100, pattern: "\\S"}
      responses:
        "201": {description: Signed, content: {application/json: {schema: {$ref: "#/components/schemas/SignOff"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "412": {$ref: "#/components/responses/PreconditionFailed"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/check:
    post:
      tags: [check]
      operationId: checkMarkdown
      summary: Check posted Markdown without storing it
      x-minimum-role: reader
      requestBody:
        required: true
        content:
          text/markdown: {schema: {description: Markdown to check}}
          application/json:
            schema:
              type: object
              required: [markdown]
              properties:
                markdown: {type: string}
                template: {type: [string, "null"], enum: [feature-spec, system-design, null]}
      responses:
        "200": {description: Findings, content: {application/json: {schema: {$ref: "#/components/schemas/CheckResult"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/UnsupportedMediaType"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/templates:
    get:
      tags: [templates]
      operationId: listTemplates
      summary: Built-in and workspace templates
      x-minimum-role: reader
      responses:
        "200":
          description: Templates
          content:
            application/json:
              schema:
                type: object
                required: [templates]
                properties:
                  templates: {type: array, items: {$ref: "#/components/schemas/Template"}}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/templates/{name}:
    get:
      tags: [templates]
      operationId: getTemplate
      summary: One template with its sections and text
      x-minimum-role: reader
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: The template, content: {application/json: {schema: {$ref: "#/components/schemas/Template"}}}}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /api/v1/openapi.yaml:
    get:
      operationId: openAPIDocument
      summary: This document
      x-minimum-role: none
      security: []
      responses:
        "200": {description: OpenAPI 3.1, content: {application/yaml: {schema: {type: string}}}}
        "429": {$ref: "#/components/responses/TooManyRequests"}
  /healthz:
    get:
      operationId: health
      summary: The process answers
      x-minimum-role: none
      security: []
      responses:
        "200": {description: OK, content: {application/json: {schema: {type: object, properties: {status: {type: string}}}}}}
  /readyz:
    get:
      operationId: ready
      summary: The database answers
      x-minimum-role: none
      security: []
      responses:
        "200": {description: Ready, content: {application/json: {schema: {type: object, properties: {status: {type: string}}}}}}
        "503": {$ref: "#/components/responses/Unavailable"}
  /metrics:
    get:
      operationId: metrics
      summary: Prometheus metrics
      x-minimum-role: none
      security: []
      responses:
        "200": {description: Metrics in the Prometheus text format, content: {text/plain: {schema: {type: string}}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  parameters:
    Slug: {name: slug, in: path, required: true, schema: {type: string, pattern: "^[a-z0-9][a-z0-9-]{0,99}$"}}
  responses:
    BadRequest: {description: Invalid input, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    Unauthorized: {description: No or unknown token, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    Forbidden: {description: The token's role is too low, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    NotFound: {description: No such spec, revision or template, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    Conflict: {description: "Slug taken, or a transition impossible: not a status of the template, a move the status machine does not allow, or gates unmet (details lists them)", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    PreconditionFailed: {description: If-Match does not match the current ETag, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    TooLarge: {description: Body over the configured limit, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    UnsupportedMediaType: {description: Wrong Content-Type, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
    TooManyRequests:
      description: Rate limited
      headers:
        Retry-After: {schema: {type: integer}}
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
    Unavailable: {description: Not ready, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  schemas:
    Error:
      type: object
      required: [error]
      properties:
        error: {type: string}
        details: {type: array, items: {type: string}}
        retry_after: {type: integer}
    SpecSummary:
      type: object
      required: [slug, title, author, created, updated, revision, etag, archived]
      properties:
        slug: {type: string}
        title: {type: string}
        template: {type: [string, "null"]}
        status: {type: [string, "null"]}
        version: {type: [string, "null"]}
        author: {type: string}
        created: {type: string, format: date-time}
        updated: {type: string, format: date-time}
        revision: {type: integer}
        etag: {type: string}
        archived: {type: boolean}
    SpecList:
      type: object
      required: [specs, next_cursor]
      properties:
        specs: {type: array, items: {$ref: "#/components/schemas/SpecSummary"}}
        next_cursor: {type: [string, "null"]}
    Finding:
      type: object
      required: [line, column, endLine, endColumn, rule, severity, message]
      properties:
        line: {type: integer}
        column: {type: integer}
        endLine: {type: integer}
        endColumn: {type: integer}
        rule: {type: string}
        severity: {type: string, enum: [error, warning, info]}
        message: {type: string}
    SpecDetail:
      type: object
      required: [spec, completeness, sections, findings]
      properties:
        spec: {$ref: "#/components/schemas/SpecSummary"}
        completeness: {type: number}
        sections:
          type: array
          items:
            type: object
            required: [title, level, line, completeness]
            properties:
              title: {type: string}
              level: {type: integer}
              line: {type: integer}
              completeness: {type: number}
        findings: {type: array, items: {$ref: "#/components/schemas/Finding"}}
    Revision:
      type: object
      required: [number, author, message, created, etag]
      properties:
        number: {type: integer}
        author: {type: string}
        message: {type: string}
        created: {type: string, format: date-time}
        etag: {type: string}
        markdown: {type: string}
    SignOff:
      type: object
      required: [spec, role, user, revision, signature, created]
      properties:
        spec: {type: string}
        role: {type: string}
        user: {type: string}
        revision: {type: integer}
        signature: {type: string}
        created: {type: string, format: date-time}
    CheckResult:
      type: object
      required: [templateSource, errors, warnings, infos, findings]
      properties:
        template: {type: [string, "null"]}
        templateSource: {type: string}
        completeness: {type: [number, "null"]}
        errors: {type: integer}
        warnings: {type: integer}
        infos: {type: integer}
        findings: {type: array, items: {$ref: "#/components/schemas/Finding"}}
    Template:
      type: object
      required: [name, summary, source, statuses]
      properties:
        name: {type: string}
        summary: {type: string}
        source: {type: string}
        statuses: {type: array, items: {type: string}}
        sections: {type: array, items: {type: string}}
        markdown: {type: string}
"""#
}
