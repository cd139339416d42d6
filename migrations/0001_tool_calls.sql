-- The audit trail: one row per tools/call through any MCP URL, whatever its outcome (docs/storage.md).
CREATE TABLE tool_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- When the call arrived, in milliseconds since the epoch.
  at INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  mcp_server_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  -- The URL's filters when the call ran, JSON: {"methods"?, "tags"?, "workspace_id"?}.
  filters TEXT NOT NULL,
  outcome TEXT NOT NULL,
  http_status INTEGER,
  duration_ms INTEGER NOT NULL,
  ratelimit_remaining INTEGER,
  -- The record ids the call named or created, JSON: {"ticket_id": 42, "created_id": 7}.
  touched_ids TEXT NOT NULL,
  -- Redacted and size-capped arguments, only for servers whose config sets log_arguments.
  arguments TEXT
);

CREATE INDEX tool_calls_by_account ON tool_calls (account_id, id);
CREATE INDEX tool_calls_by_server ON tool_calls (mcp_server_id, id);
CREATE INDEX tool_calls_by_time ON tool_calls (at);
