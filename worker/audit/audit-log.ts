/**
 * The audit trail in D1 (table `tool_calls`, migrations/): one row per tools/call, written after the answer,
 * read newest first with filters, purged past the operator's retention. Only this module and usage-report.ts (the
 * aggregates) touch the database.
 */
import type { CallCaller, CallOutcome, ToolCallLog } from "./call-record";

/** A stored row as the admin API shows it. */
export interface AuditEntry {
  id: number;
  at: string;
  account_id: string;
  mcp_server_id: string;
  tool: string;
  filters: Record<string, unknown>;
  outcome: CallOutcome;
  http_status: number | null;
  duration_ms: number;
  ratelimit_remaining: number | null;
  touched_ids: Record<string, number | string>;
  arguments: string | null;
  /** Who called, through an OAuth server; null for a secret URL's calls. */
  agent_id: number | null;
  agent_email: string | null;
  client_id: string | null;
  client_name: string | null;
}

/** What is written: the call's log line and where it came from. */
export interface AuditWrite extends ToolCallLog {
  at: number;
  account_id: string;
  mcp_server_id: string;
  filters: Record<string, unknown>;
  /** The agent and client of an OAuth server's call; absent or null for a secret URL's. */
  caller?: CallCaller | null;
}

export interface AuditQuery {
  account_id: string;
  mcp_server_id?: string;
  /** One signed-in agent's calls. */
  agent_id?: number;
  tool?: string;
  outcome?: CallOutcome;
  /** Epoch milliseconds, inclusive. */
  since?: number;
  /** Epoch milliseconds, exclusive. */
  until?: number;
  /** Rows older (smaller id) than this one. */
  before_id?: number;
  limit: number;
}

interface Row {
  id: number;
  at: number;
  account_id: string;
  mcp_server_id: string;
  tool: string;
  filters: string;
  outcome: CallOutcome;
  http_status: number | null;
  duration_ms: number;
  ratelimit_remaining: number | null;
  touched_ids: string;
  arguments: string | null;
  agent_id: number | null;
  agent_email: string | null;
  client_id: string | null;
  client_name: string | null;
}

export function auditLog(db: D1Database) {
  return {
    async write(entry: AuditWrite): Promise<void> {
      await db
        .prepare(
          `INSERT INTO tool_calls (at, account_id, mcp_server_id, tool, filters, outcome, http_status, duration_ms,
             ratelimit_remaining, touched_ids, arguments, agent_id, agent_email, client_id, client_name)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          entry.at,
          entry.account_id,
          entry.mcp_server_id,
          entry.tool,
          JSON.stringify(entry.filters),
          entry.outcome,
          entry.http_status ?? null,
          entry.ms,
          entry.ratelimit_remaining ?? null,
          JSON.stringify(entry.touched_ids),
          entry.arguments ?? null,
          entry.caller?.agent_id ?? null,
          entry.caller?.agent_email ?? null,
          entry.caller?.client_id ?? null,
          entry.caller?.client_name ?? null,
        )
        .run();
    },

    /** Newest first; `next_before_id` continues the page, null at the end. */
    async query(q: AuditQuery): Promise<{ entries: AuditEntry[]; next_before_id: number | null }> {
      const where = ["account_id = ?"];
      const values: (string | number)[] = [q.account_id];
      const add = (clause: string, value: string | number | undefined) => {
        if (value === undefined) return;
        where.push(clause);
        values.push(value);
      };
      add("mcp_server_id = ?", q.mcp_server_id);
      add("agent_id = ?", q.agent_id);
      add("tool = ?", q.tool);
      add("outcome = ?", q.outcome);
      add("at >= ?", q.since);
      add("at < ?", q.until);
      add("id < ?", q.before_id);
      // One more than asked tells whether another page exists without a count query.
      const { results } = await db
        .prepare(`SELECT * FROM tool_calls WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`)
        .bind(...values, q.limit + 1)
        .all<Row>();
      const page = results.slice(0, q.limit);
      const last = page.at(-1);
      return { entries: page.map(toEntry), next_before_id: results.length > q.limit && last ? last.id : null };
    },

    /** The latest call of each server (the console's "last used"): one indexed lookup per server, in one batch. */
    async lastUse(serverIds: string[]): Promise<Map<string, string>> {
      if (!serverIds.length) return new Map();
      const statement = db.prepare("SELECT at FROM tool_calls WHERE mcp_server_id = ? ORDER BY id DESC LIMIT 1");
      const answers = await db.batch<{ at: number }>(serverIds.map((id) => statement.bind(id)));
      const uses = new Map<string, string>();
      answers.forEach((answer, i) => {
        const at = answer.results[0]?.at;
        const id = serverIds[i];
        if (at !== undefined && id !== undefined) uses.set(id, new Date(at).toISOString());
      });
      return uses;
    },

    /** Deletes every row older than `beforeMs`; returns how many went. */
    async purge(beforeMs: number): Promise<number> {
      const result = await db.prepare("DELETE FROM tool_calls WHERE at < ?").bind(beforeMs).run();
      return result.meta.changes ?? 0;
    },
  };
}

function toEntry(row: Row): AuditEntry {
  return {
    ...row,
    at: new Date(row.at).toISOString(),
    filters: JSON.parse(row.filters),
    touched_ids: JSON.parse(row.touched_ids),
  };
}
