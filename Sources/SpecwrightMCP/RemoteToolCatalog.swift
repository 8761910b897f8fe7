import MCP

/// The tools of ``RemoteMCPServer``: the workspace server's spec tools, by slug instead of path,
/// and the review tools. There is no tool to apply a suggestion: an agent proposes, people decide.
enum RemoteToolCatalog {
    typealias Catalog = ToolCatalog

    static let slug = Catalog.string("The spec's slug on the server, e.g. payment-retries (see list_specs)")
    static let threadID: Value = .object(["type": .string("integer"), "description": .string("The thread's number (see list_threads)")])
    static let section = Catalog.string("The section's heading path, e.g. 'Overview > Scope'; omit for the whole spec")
    static let quote = Catalog.string("A passage exactly as it reads in the spec's current text")

    static let tools: [Tool] = [
        Tool(name: "list_templates", description: "List the server's spec templates.", inputSchema: Catalog.schema([:]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "list_specs", description: "List the server's specs: slug, title, template, status, version, author, revision.",
            inputSchema: Catalog.schema(["status": Catalog.string("Only specs with this status"), "template": Catalog.string("Only specs of this template")]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "get_spec", description: "A spec's facts, sections with completeness, findings with line/column, and its Markdown.",
            inputSchema: Catalog.schema(["slug": slug], required: ["slug"]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "create_spec", description: "Create a spec on the server from a template.",
            inputSchema: Catalog.schema(["title": Catalog.string("The spec's title"), "template": Catalog.string("Template name; default feature-spec")], required: ["title"])),
        Tool(
            name: "check_spec", description: "Check a stored spec (by slug) or raw Markdown against its template: findings with rule ids, severities, line/column.",
            inputSchema: Catalog.schema(["slug": slug, "markdown": Catalog.string("Markdown to check instead of a stored spec"),
                                         "template": Catalog.string("Template to check the Markdown against")]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "update_section", description: "Replace the body of one section; saved as a new revision that refuses if someone else saved meanwhile.",
            inputSchema: Catalog.schema([
                "slug": slug, "heading": Catalog.string("The section's heading path, e.g. 'Overview > Purpose'"),
                "body": Catalog.string("The new Markdown body"), "new_heading": Catalog.string("Optional new heading text"),
            ], required: ["slug", "heading", "body"])),
        Tool(
            name: "tick_item", description: "Tick (or untick) a checklist item, matched by its text; saved as a new revision.",
            inputSchema: Catalog.schema(["slug": slug, "item": Catalog.string("The item's text"), "checked": Catalog.boolean("false to untick; default true")],
                                        required: ["slug", "item"])),
        Tool(
            name: "set_status",
            description: "Move a spec to another status. The server enforces the gates, open review concerns included; a refusal lists each.",
            inputSchema: Catalog.schema(["slug": slug, "status": Catalog.string("Target status, e.g. IN_REVIEW"), "reason": Catalog.string("Why (moves back to draft)")],
                                        required: ["slug", "status"])),
        Tool(
            name: "add_changelog_entry", description: "Record a change in the spec's change log; saved as a new revision.",
            inputSchema: Catalog.schema(["slug": slug, "change": Catalog.string("What changed"), "reason": Catalog.string("Why")], required: ["slug", "change"])),
        Tool(
            name: "list_threads", description: "A spec's review threads with their comments, kind (comment, question, concern), state, and where each points now.",
            inputSchema: Catalog.schema(["slug": slug, "state": Catalog.string("open (default), resolved or all")], required: ["slug"]),
            annotations: .init(readOnlyHint: true)),
        Tool(
            name: "get_thread", description: "One review thread with every comment.",
            inputSchema: Catalog.schema(["slug": slug, "thread": threadID], required: ["slug", "thread"]), annotations: .init(readOnlyHint: true)),
        Tool(
            name: "comment", description: "Start a thread (a comment or a question) on the spec, a section, or a quoted passage. @name mentions a user.",
            inputSchema: Catalog.schema(["slug": slug, "body": Catalog.string("Markdown"), "section": section, "quote": quote,
                                         "kind": Catalog.string("comment (default) or question")], required: ["slug", "body"])),
        Tool(
            name: "reply", description: "Reply in a thread.",
            inputSchema: Catalog.schema(["slug": slug, "thread": threadID, "body": Catalog.string("Markdown")], required: ["slug", "thread", "body"])),
        Tool(
            name: "raise_concern", description: "Raise a concern: it blocks approval until its author (or an admin) resolves it.",
            inputSchema: Catalog.schema(["slug": slug, "body": Catalog.string("What is wrong and why (Markdown)"), "section": section, "quote": quote],
                                        required: ["slug", "body"])),
        Tool(
            name: "suggest_edit",
            description: "Propose replacing a quoted passage with new text. The spec's people apply or dismiss it; you cannot apply your own.",
            inputSchema: Catalog.schema(["slug": slug, "quote": quote, "replacement": Catalog.string("The text to put in its place"),
                                         "body": Catalog.string("Why (Markdown)"), "section": section], required: ["slug", "quote", "replacement", "body"])),
    ]
}
