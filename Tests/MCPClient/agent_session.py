#!/usr/bin/env python3
"""End-to-end MCP session against `specwright mcp`, driven by the official Python MCP SDK (PyPI `mcp`).

An agent takes a spec from nothing to IN_REVIEW through MCP alone: list the tools, create a spec,
fill one section, check it, tick an item, see the review gates refuse, fill the rest, move it to
IN_REVIEW. Every response is asserted on. Prints a transcript of the session.

Usage: agent_session.py PATH_TO_SPECWRIGHT_BINARY
"""
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def show(label, payload):
    text = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) if not isinstance(payload, str) else payload
    lines = text.splitlines()
    if len(lines) > 14:
        lines = lines[:14] + [f"... ({len(lines) - 14} more lines)"]
    print(f"--> {label}")
    print("\n".join("    " + line for line in lines))


def field(model, snake, camel):
    """The SDK renamed fields to snake_case in 2.x; accept both."""
    return getattr(model, snake) if hasattr(model, snake) else getattr(model, camel)


async def call(session, name, arguments, expect_error=False):
    result = await session.call_tool(name, arguments)
    is_error = field(result, "is_error", "isError")
    assert bool(is_error) == expect_error, f"{name}: isError={is_error}: {result.content}"
    structured = field(result, "structured_content", "structuredContent")
    if structured is not None:
        return structured
    return result.content[0].text


async def main(binary):
    workspace = tempfile.mkdtemp(prefix="specwright-mcp-")
    try:
        params = StdioServerParameters(command=binary, args=["mcp", "--workspace", workspace, "--author", "Agent Smith"])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                info = field(init, "server_info", "serverInfo")
                assert info.name == "specwright", info
                show("initialize", {"server": info.name, "version": info.version})

                tools = {tool.name: tool for tool in (await session.list_tools()).tools}
                expected = {"list_templates", "list_specs", "get_spec", "create_spec", "check_spec", "update_section",
                            "tick_item", "set_status", "add_changelog_entry"}
                assert expected <= set(tools), sorted(tools)
                schema = field(tools["create_spec"], "input_schema", "inputSchema")
                assert schema["required"] == ["title"], schema
                show("tools/list", sorted(tools))

                templates = await call(session, "list_templates", {})
                assert [t["name"] for t in templates["templates"]] == ["feature-spec", "system-design"], templates
                show("list_templates", [t["name"] for t in templates["templates"]])

                created = await call(session, "create_spec", {"title": "Payment Retries", "template": "feature-spec"})
                assert created["path"] == "specs/payment-retries.md", created
                assert "<!-- specwright:template feature-spec -->" in created["content"]
                assert "**Document Status**: DRAFT" in created["content"]
                show("create_spec", {"path": created["path"], "template": created["template"]})
                path = created["path"]

                refused = await call(session, "get_spec", {"path": "../outside.md"}, expect_error=True)
                assert "leaves the workspace" in refused, refused
                show("get_spec ../outside.md (refused)", refused)

                updated = await call(session, "update_section", {
                    "path": path, "heading": "Overview > Purpose",
                    "body": "Retry failed card payments automatically so that transient processor errors do not lose revenue."})
                assert updated["changed"] and updated["findings"] == [], updated
                assert updated["version"] == "0.2", updated
                show("update_section Overview > Purpose", updated)

                checked = await call(session, "check_spec", {"path": path, "min_severity": "warning"})
                purpose = [f for f in checked["findings"] if 31 <= f["line"] <= 33]
                assert checked["errors"] == 0 and purpose == [], checked
                assert checked["warnings"] > 0, "the other sections still hold placeholders"
                show("check_spec", {"errors": checked["errors"], "warnings": checked["warnings"], "completeness": checked["completeness"]})

                ticked = await call(session, "tick_item", {"path": path, "item": "Architecture review completed"})
                assert ticked["changed"] and ticked["summary"] == "Ticked: Architecture review completed", ticked
                show("tick_item", ticked)

                early = await call(session, "set_status", {"path": path, "status": "IN_REVIEW"}, expect_error=True)
                assert early["applied"] is False and early["status"] == "DRAFT", early
                assert all(g["gate"] == "review.no-placeholders" and g["line"] for g in early["unmet"]), early["unmet"][:3]
                show("set_status IN_REVIEW (refused)", {"summary": early["summary"], "first unmet": early["unmet"][0]})

                spec = await call(session, "get_spec", {"path": path})
                todo = [s for s in spec["sections"] if s["placeholders"] > 0]
                for section in todo:
                    arguments = {"path": path, "heading": " > ".join(section["path"]),
                                 "body": "Decided: handled by the payments platform team, reviewed weekly."}
                    if section["title"].startswith("["):
                        arguments["new_heading"] = "Retry Scheduler"
                    result = await call(session, "update_section", arguments)
                    assert result["changed"], result
                show("update_section x%d" % len(todo), [" > ".join(s["path"]) for s in todo][:6] + ["..."])

                final = await call(session, "check_spec", {"path": path, "min_severity": "warning"})
                assert final["errors"] == 0 and final["warnings"] == 0, final["findings"][:5]
                show("check_spec", {"errors": final["errors"], "warnings": final["warnings"], "completeness": final["completeness"]})

                moved = await call(session, "set_status", {"path": path, "status": "IN_REVIEW", "reason": "ready for review"})
                assert moved["applied"] and moved["status"] == "IN_REVIEW" and moved["unmet"] == [], moved
                show("set_status IN_REVIEW", moved)

                listed = await call(session, "list_specs", {"status": "IN_REVIEW"})
                assert [s["path"] for s in listed["specs"]] == [path], listed
                show("list_specs status=IN_REVIEW", [(s["path"], s["status"], s["version"]) for s in listed["specs"]])

                resources = (await session.list_resources()).resources
                uris = [str(r.uri) for r in resources]
                assert "specwright://workspace/" + path in uris and "specwright://templates/feature-spec" in uris, uris
                contents = (await session.read_resource("specwright://workspace/" + path)).contents
                assert "**Document Status**: IN_REVIEW" in contents[0].text
                show("resources", uris)

                prompts = [p.name for p in (await session.list_prompts()).prompts]
                assert "draft_feature_spec_overview" in prompts, prompts
                drafted = await session.get_prompt("draft_feature_spec_overview", {"notes": "Retries use exponential backoff."})
                assert "### Purpose" in drafted.messages[0].content.text and "exponential backoff" in drafted.messages[0].content.text
                show("prompts", {"count": len(prompts), "first": prompts[:3]})

                log = await call(session, "add_changelog_entry", {"path": path, "change": "Agent session done", "reason": "e2e"})
                assert log["changed"], log
                show("add_changelog_entry", log)
        with open(os.path.join(workspace, path), encoding="utf-8") as handle:
            reviewed_text = handle.read()
        await review_session(binary, reviewed_text)
        print("MCP session: 2 passed, 0 failed")
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(base, token, method, path, body=None, headers=None):
    """One API call; returns (status, parsed JSON or text, headers)."""
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if isinstance(body, dict):
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw, status, heads = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        raw, status, heads = error.read(), error.code, error.headers
    except urllib.error.URLError:
        return None, None, {}
    try:
        return status, json.loads(raw), heads
    except ValueError:
        return status, raw.decode(), heads


async def review_session(binary, markdown):
    """The same spec on a server: a person raises a concern; an agent (MCP with --server, its own
    token) lists threads, replies, suggests an edit and raises a concern of its own; approval is
    refused over the open concerns; the person applies the agent's suggestion."""
    folder = tempfile.mkdtemp(prefix="specwright-mcp-server-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        admin = None
        while admin is None:
            line = server.stdout.readline()
            assert line, "the server stopped before printing its token"
            if line.strip().startswith("sw_"):
                admin = line.strip()
        deadline = time.time() + 30
        while api(base, admin, "GET", "/healthz")[0] != 200:
            assert time.time() < deadline, "the server did not come up"
            time.sleep(0.2)
        created = subprocess.run([binary, "admin", "token", "create", "--user", "agent", "--role", "reviewer"], cwd=folder, capture_output=True, text=True, check=True)
        agent = [word for word in created.stdout.split() if word.startswith("sw_")][0]

        status, spec, _ = api(base, admin, "POST", "/api/v1/specs", {"markdown": markdown, "slug": "payment-retries"})
        assert status == 201, spec
        status, concern, _ = api(base, admin, "POST", "/api/v1/specs/payment-retries/threads",
                                 {"kind": "concern", "section": ["Overview", "Purpose"], "body": "Which errors count as transient?"})
        assert status == 201, concern

        params = StdioServerParameters(command=binary, args=["mcp", "--server", base, "--token", agent], cwd=folder)
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = {tool.name for tool in (await session.list_tools()).tools}
                assert {"list_threads", "get_thread", "reply", "raise_concern", "suggest_edit", "comment", "get_spec", "set_status"} <= tools, sorted(tools)
                assert not any("apply" in name for name in tools), sorted(tools)
                show("review tools", sorted(tools))

                threads = await call(session, "list_threads", {"slug": "payment-retries"})
                assert [t["kind"] for t in threads["threads"]] == ["concern"], threads
                assert threads["threads"][0]["anchor"]["section"] == ["Overview", "Purpose"], threads
                show("list_threads", [(t["id"], t["kind"], t["author"], t["comments"][0]["body"]) for t in threads["threads"]])

                reply = await call(session, "reply", {"slug": "payment-retries", "thread": concern["id"], "body": "Timeouts and 5xx from the processor."})
                assert reply["author"] == "agent", reply
                thread = await call(session, "get_thread", {"slug": "payment-retries", "thread": concern["id"]})
                assert [c["author"] for c in thread["comments"]] == ["admin", "agent"], thread
                show("reply + get_thread", [(c["author"], c["body"]) for c in thread["comments"]])

                passage = "Retry failed card payments automatically"
                suggested = await call(session, "suggest_edit", {
                    "slug": "payment-retries", "quote": passage, "replacement": "Retry failed card payments automatically and idempotently",
                    "body": "Say that retries are idempotent."})
                assert suggested["suggestion"]["state"] == "pending" and suggested["anchor"]["section"] == ["Overview", "Purpose"], suggested
                show("suggest_edit", {"thread": suggested["id"], "suggestion": suggested["suggestion"]})

                raised = await call(session, "raise_concern", {"slug": "payment-retries", "section": "Overview > Scope", "body": "Refunds are out of scope: say so."})
                assert raised["kind"] == "concern" and raised["state"] == "open", raised
                missing = await call(session, "raise_concern", {"slug": "payment-retries", "quote": "not in the spec", "body": "x"}, expect_error=True)
                assert "409" in missing and "quote" in missing, missing
                show("raise_concern", {"thread": raised["id"], "section": raised["section"]})

                refused = await call(session, "set_status", {"slug": "payment-retries", "status": "APPROVED"}, expect_error=True)
                assert "403" in refused and "approver" in refused, refused
                show("set_status APPROVED as a reviewer (refused)", refused.splitlines()[0])

        status, gates, _ = api(base, admin, "POST", "/api/v1/specs/payment-retries/transitions", {"to": "APPROVED"})
        assert status == 409 and sum("[approved.no-open-concerns]" in d for d in gates["details"]) == 2, gates
        show("approve (refused: open concerns)", [d for d in gates["details"] if "concern" in d])

        status, applied, _ = api(base, admin, "POST", f"/api/v1/specs/payment-retries/threads/{suggested['id']}/suggestion/apply")
        assert status == 200, applied
        status, text, _ = api(base, admin, "GET", "/api/v1/specs/payment-retries", headers={"Accept": "text/markdown"})
        assert "automatically and idempotently" in text
        show("the person applies the agent's suggestion", {"revision": applied["spec"]["revision"]})
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main(os.path.abspath(sys.argv[1])))
