-- The usage aggregates (worker/audit/usage-report.ts, docs/storage.md): an account's or one URL's calls in a time
-- window, read from the index alone. Equality then the time range, so a window reads only its own rows; outcome,
-- duration and tool after them, so counting, timing and ranking the tools never visit the table.
CREATE INDEX tool_calls_by_account_time ON tool_calls (account_id, at, outcome, duration_ms, tool);
-- account_id too: a URL's query checks the URL belongs to the account without visiting the table.
CREATE INDEX tool_calls_by_server_time ON tool_calls (mcp_server_id, at, account_id, outcome, duration_ms, tool);
