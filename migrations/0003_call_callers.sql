-- Who called, for calls through an OAuth MCP server (docs/sign-in.md): the signed-in agent and the MCP client.
-- Null for a secret URL's calls, which run as the account and name no agent.
ALTER TABLE tool_calls ADD COLUMN agent_id INTEGER;
ALTER TABLE tool_calls ADD COLUMN agent_email TEXT;
ALTER TABLE tool_calls ADD COLUMN client_id TEXT;
ALTER TABLE tool_calls ADD COLUMN client_name TEXT;
