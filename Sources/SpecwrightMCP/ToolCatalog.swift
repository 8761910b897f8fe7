import MCP

/// The tools the server offers, with their input schemas (JSON Schema).
enum ToolCatalog {
    static func string(_ description: String) -> Value { .object(["type": .string("string"), "description": .string(description)]) }
    static func boolean(_ description: String) -> Value { .object(["type": .string("boolean"), "description": .string(description)]) }

    static func schema(_ properties: [String: Value], required: [String] = []) -> Value {
        .object([
            "type": .string("object"),
            "properties": .object(properties),
            "required": .array(required.map { .string($0) }),
            "additionalProperties": .bool(false),
        ])
    }

    static let specPath = string("Path of the spec, relative to the workspace root, e.g. specs/payment-retries.md")
    static let author = string("Who makes the change (recorded in the change log); default: the server's author")

    static let tools: [Tool] = [
        Tool(
            name: "list_templates", description: "List the spec templates (built-in and the workspace's own) with a one-line description.",
            inputSchema: schema([:]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "list_specs",
            description: "List the workspace's specs: path, title, template, status, version, author, last updated, completeness, error and warning counts.",
            inputSchema: schema(["status": string("Only specs with this status (case-insensitive)"), "template": string("Only specs of this template")]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "get_spec",
            description: "A spec's metadata, section outline with completeness, missing sections, open checklist items, and its Markdown.",
            inputSchema: schema(["path": specPath], required: ["path"]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "create_spec", description: "Create a spec from a template (never overwrites). Returns its path and content.",
            inputSchema: schema([
                "title": string("The spec's title, e.g. Payment Retries"),
                "template": string("Template name (see list_templates); default feature-spec"),
                "path": string("Where to write it, relative to the workspace; default specs/<slug>.md"),
                "author": author,
            ], required: ["title"])),
        Tool(
            name: "check_spec",
            description: "Check a spec (by path, or raw Markdown without saving) against its template: findings with rule ids, severities and line/column.",
            inputSchema: schema([
                "path": specPath, "markdown": string("Markdown to check instead of a file"),
                "template": string("Template to check the Markdown against (default: its marker or best match)"),
                "min_severity": string("info, warning or error; default info"),
            ]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "update_section",
            description: "Replace the body of one section (not its subsections) losslessly; returns the new findings inside that section.",
            inputSchema: schema([
                "path": specPath,
                "heading": string("The section's heading path, e.g. 'Overview > Purpose' (a unique title alone also works)"),
                "body": string("The new Markdown body"),
                "new_heading": string("Optional new heading text, e.g. to replace a placeholder heading like [Component Name]"),
                "author": author,
            ], required: ["path", "heading", "body"])),
        Tool(
            name: "tick_item", description: "Tick (or untick) a checklist item, matched by its text.",
            inputSchema: schema([
                "path": specPath, "item": string("The item's text (exact, or a unique part of it)"),
                "checked": boolean("false to untick; default true"), "author": author,
            ], required: ["path", "item"])),
        Tool(
            name: "set_status",
            description: "Move a spec to another status. Gates are enforced: a refused move changes nothing and lists each unmet gate with its line.",
            inputSchema: schema([
                "path": specPath, "status": string("Target status, e.g. IN_REVIEW"),
                "reason": string("Why (required for moves back to draft)"), "author": author,
            ], required: ["path", "status"])),
        Tool(
            name: "add_changelog_entry", description: "Record a change in the spec's change log (next version, Last Updated).",
            inputSchema: schema([
                "path": specPath, "change": string("What changed"), "reason": string("Why"), "author": author,
            ], required: ["path", "change"])),
    ]
}
