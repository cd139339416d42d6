/** The one table of tool failures: every kind has an audit outcome and words for the model, and no other module words one. */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CALL_OUTCOMES, type CallOutcome } from "../../worker/audit/call-record";
import { failureMessage, failureOutcome, type ToolFailure } from "../../worker/tools/tool-failure";

/** One example of every kind: the type makes a new kind fail to compile until it is added here. */
const EXAMPLES: { [K in ToolFailure["kind"]]: [Extract<ToolFailure, { kind: K }>, CallOutcome, RegExp] } = {
  invalid_arguments: [
    { kind: "invalid_arguments", problems: ["id: must be integer"] },
    "invalid_arguments",
    /id: must be integer/,
  ],
  attachment_refused: [
    { kind: "attachment_refused", problem: 'attachments[0] ("a.txt"): the URL uses http; only https URLs are fetched' },
    "invalid_arguments",
    /Freshservice was not called, so nothing changed\.\n- attachments\[0\] \("a\.txt"\): the URL uses http/,
  ],
  unknown_attachment: [
    { kind: "unknown_attachment", record: "ticket 58", attachmentId: 7, known: ['9 "vpn.png"'], looked: "the ticket" },
    "invalid_arguments",
    /ticket 58 has no attachment 7 \(looked at the ticket\); nothing was downloaded\. Its attachments: 9 "vpn\.png"\./,
  ],
  unknown_record_id: [
    { kind: "unknown_record_id", id: "x:1", idForms: ["ticket:<id>"] },
    "invalid_arguments",
    /ticket:<id>/,
  ],
  unknown_tool: [
    { kind: "unknown_tool", name: "nope", hint: "search_tools lists them." },
    "unknown_tool",
    /no tool "nope"/,
  ],
  budget_refused: [
    { kind: "budget_refused", limit: 3, resetSeconds: 12 },
    "budget_refused",
    /NOT performed\. Wait 12 seconds/,
  ],
  credential_unavailable: [{ kind: "credential_unavailable" }, "credential_unavailable", /retrying will not help/],
  agent_forbidden: [
    { kind: "agent_forbidden", operation: "Update a ticket (PUT /tickets/{id})", isWrite: true },
    "upstream_error",
    /refused this operation \(Update a ticket \(PUT \/tickets\/\{id\}\)\) for the signed-in agent \(403\).*role.*Nothing was changed/,
  ],
  no_freshworks_scope: [
    { kind: "no_freshworks_scope", operation: "List CABs (GET /cabs)" },
    "unknown_tool",
    /Freshworks gives no OAuth scope for List CABs \(GET \/cabs\); sign in with your API key to use it/,
  ],
  timeout: [{ kind: "timeout", isWrite: true }, "timeout", /UNKNOWN/],
  unreachable: [
    { kind: "unreachable", isWrite: false, origin: "https://acme.freshservice.com" },
    "unreachable",
    /Could not reach acme\.freshservice\.com/,
  ],
  upstream_status: [
    { kind: "upstream_status", status: 404, body: "{}", isWrite: false },
    "upstream_error",
    /Not found \(404\)/,
  ],
  unreadable_answer: [{ kind: "unreadable_answer", reason: "not_json" }, "broken", /not valid JSON/],
  missing_record: [{ kind: "missing_record", id: "ticket:1", key: "ticket" }, "broken", /had no ticket/],
  missing_total: [{ kind: "missing_total", record: "changes" }, "broken", /changes filter had no total.*count them/],
  too_many_buckets: [
    { kind: "too_many_buckets", field: "group_id", found: 40, max: 17 },
    "invalid_arguments",
    /has 40 of them.*at most 17 of them in values/,
  ],
  body_failed: [
    { kind: "body_failed", failure: "timeout", status: 200, isWrite: false },
    "timeout",
    /did not finish answering in time/,
  ],
};

describe("tool failures", () => {
  it.each(Object.entries(EXAMPLES))("%s has its audit outcome and actionable words", (_, [failure, outcome, words]) => {
    expect(failureOutcome(failure)).toBe(outcome);
    expect(CALL_OUTCOMES).toContain(failureOutcome(failure));
    expect(failureMessage(failure)).toMatch(words);
  });

  it.each([
    [429, "rate_limited"],
    [500, "upstream_error"],
    [400, "upstream_error"],
  ] as const)("Freshservice's %i is %s", (status, outcome) => {
    expect(failureOutcome({ kind: "upstream_status", status, body: "", isWrite: false })).toBe(outcome);
  });

  it("a streamed body that broke off or was not JSON is broken; one that was late is a timeout", () => {
    const body = (failure: "broken" | "timeout" | "invalid_json") =>
      failureOutcome({ kind: "body_failed", failure, status: 200, isWrite: true });
    expect([body("broken"), body("invalid_json"), body("timeout")]).toEqual(["broken", "broken", "timeout"]);
  });

  it("no other module of a URL's tools or of the protocol words a failure itself", () => {
    const dirs = ["tools", "mcp"].map((d) => resolve(__dirname, "../../worker", d));
    const offenders = dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name.endsWith(".ts") && name !== "tool-failure.ts")
        .filter((name) =>
          /nothing was (done|changed|read)|was NOT performed/i.test(readFileSync(join(dir, name), "utf8")),
        )
        .map((name) => name),
    );
    expect(offenders).toEqual([]);
  });
});
