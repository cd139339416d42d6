/**
 * `tool_exposure: "discovery"`: three meta-tools instead of the URL's whole list, for clients that keep only the
 * first 40 or 128 tools or whose context the full list would crowd. `search_tools` ranks the URL's tools for a
 * task, `get_tool_schema` shows one with the account's own fields merged, and `call_tool` runs it through the
 * same `runTool` as a direct call (filters, validation, budget, streaming, result cap, rate-limit headers).
 */
import type { ListedTool } from "../catalog/build-tools";
import type { SearchableTool, ToolMatch } from "../catalog/tool-search";
import { type LocalTool, runTool, type ToolCallContext } from "./run-tool";
import { failedOutcome, jsonOutcome } from "./tool-result";

export const SEARCH_TOOLS = "search_tools";
export const GET_TOOL_SCHEMA = "get_tool_schema";
export const CALL_TOOL = "call_tool";

const DEFAULT_RESULTS = 8;
const MAX_RESULTS = 20;
/** Truto's limit: a few schemas at a time keep the answer small. */
const MAX_SCHEMAS = 5;
const MAX_SUMMARY_CHARS = 160;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export interface DiscoverySource {
  /** The URL's tools (its filters applied) ranked for a task, best first. */
  search(query: string, limit: number): ToolMatch<SearchableTool>[];
  /** One of the URL's tools as a direct listing would show it, the account's fields merged; undefined if unknown. */
  describe(name: string): Promise<ListedTool | undefined>;
  /** Every tool the URL reaches only reads: then call_tool only reads too, and says so. */
  readOnly: boolean;
}

export function discoveryTools(source: DiscoverySource): LocalTool[] {
  return [
    {
      listing: {
        name: SEARCH_TOOLS,
        title: "Search this connection's tools",
        description:
          "Find the Freshservice tools for a task, described in plain words (e.g. 'put a ticket on hold', 'find laptops in stock'). Returns the best matches, best first, as names with one-line summaries. Then call get_tool_schema for a tool's arguments and call_tool to run it.",
        inputSchema: {
          type: "object",
          properties: {
            query: { type: "string", minLength: 1, maxLength: 500, description: "The task, in plain words." },
            limit: {
              type: "integer",
              minimum: 1,
              maximum: MAX_RESULTS,
              description: `How many tools to return (default ${DEFAULT_RESULTS}).`,
            },
          },
          required: ["query"],
          additionalProperties: false,
        },
        annotations: { title: "Search tools", ...READ_ONLY },
      },
      async run(args) {
        const matches = source.search(String(args.query), Number(args.limit ?? DEFAULT_RESULTS));
        return jsonOutcome({
          tools: matches.map(({ tool }) => ({
            name: tool.name,
            summary: summary(tool),
            read_only: tool.category === "read",
          })),
          next: matches.length
            ? `Call ${GET_TOOL_SCHEMA} with up to ${MAX_SCHEMAS} of these names for their arguments, then ${CALL_TOOL}.`
            : "No tool matched: try other words (what you want done, and to what: ticket, asset, article, change…).",
        });
      },
    },
    {
      listing: {
        name: GET_TOOL_SCHEMA,
        title: "Get tools' arguments",
        description: `The full description and input schema of up to ${MAX_SCHEMAS} tools named by search_tools, with this account's own form fields. Pass the arguments it describes to call_tool.`,
        inputSchema: {
          type: "object",
          properties: {
            names: {
              type: "array",
              items: { type: "string", minLength: 1, maxLength: 64 },
              minItems: 1,
              maxItems: MAX_SCHEMAS,
              description: "Tool names from search_tools.",
            },
          },
          required: ["names"],
          additionalProperties: false,
        },
        annotations: { title: "Get tool schemas", ...READ_ONLY },
      },
      async run(args) {
        const names = [...new Set(args.names as string[])];
        const described = await Promise.all(names.map((name) => source.describe(name)));
        const unknown = names.filter((_, i) => !described[i]);
        return jsonOutcome({
          tools: described.filter(Boolean),
          ...(unknown.length ? { unknown, hint: `${SEARCH_TOOLS} lists the tools this connection has.` } : {}),
        });
      },
    },
    {
      listing: {
        name: CALL_TOOL,
        title: "Call a tool",
        description:
          "Run one of this connection's tools by name with its arguments (see get_tool_schema). Answers exactly as the tool would if called directly.",
        inputSchema: {
          type: "object",
          properties: { name: NAME, arguments: ARGUMENTS_AS_TEXT },
          required: ["name"],
          additionalProperties: false,
        },
        annotations: source.readOnly
          ? { title: "Call a tool", ...READ_ONLY, openWorldHint: true }
          : {
              title: "Call a tool",
              readOnlyHint: false,
              destructiveHint: true,
              idempotentHint: false,
              openWorldHint: true,
            },
      },
      accepts: {
        type: "object",
        properties: { name: NAME, arguments: { anyOf: [ARGUMENTS_AS_TEXT, { type: "object" }] } },
        required: ["name"],
        additionalProperties: false,
      },
      async run(args, ctx: ToolCallContext) {
        const name = String(args.name);
        const inner = toolArguments(args.arguments);
        // Text that is no JSON object runs nothing: call_tool's own row records the refusal.
        if (typeof inner === "string") return failedOutcome({ kind: "invalid_arguments", problems: [inner] });
        const unknown = { kind: "unknown_tool", name, hint: `${SEARCH_TOOLS} lists the tools it has.` } as const;
        if (META_TOOLS.has(name)) return failedOutcome(unknown);
        // The tool it runs writes the call's audit row (an unknown name included), named for that tool.
        const outcome = (await runTool(ctx, name, inner)) ?? failedOutcome(unknown);
        return { ...outcome, loggedByInnerCall: true };
      },
    },
  ];
}

const NAME = { type: "string", minLength: 1, maxLength: 64, description: "The tool's name." };
/**
 * call_tool's arguments are listed as JSON text, not as an object: the inner tool's arguments are any object, and
 * OpenAI's strict mode refuses an object it can't close (it would send none), as Gemini's API refuses an object
 * without properties. Text passes both, and a model writes JSON text as readily. An object is still taken.
 */
const ARGUMENTS_AS_TEXT = {
  type: "string",
  description:
    'The tool\'s arguments as one JSON object written as text, as get_tool_schema describes them, e.g. "{\\"id\\": 42}". Leave it out, or "{}", when the tool takes none.',
};

/** call_tool's arguments as an object, or the problem to refuse them with. */
function toolArguments(value: unknown): Record<string, unknown> | string {
  if (value === undefined || value === null) return {};
  if (isObject(value)) return value;
  const text = String(value).trim();
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return isObject(parsed) ? parsed : 'arguments: must be one JSON object written as text, e.g. "{\\"id\\": 42}"';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const META_TOOLS = new Set([SEARCH_TOOLS, GET_TOOL_SCHEMA, CALL_TOOL]);

/** The description's first sentence, short. */
export function summary(tool: Pick<SearchableTool, "description" | "title">): string {
  const first = firstSentence(tool.description) || tool.title;
  return first.length > MAX_SUMMARY_CHARS ? `${first.slice(0, MAX_SUMMARY_CHARS - 1)}…` : first;
}

/** Abbreviations whose full stop ends no sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|incl|cf|no)\.$/i;

/**
 * Up to the first `.`, `!` or `?` that ends a sentence: followed by a space or the end, outside parentheses, and
 * not an abbreviation's ("send only the fields to change (e.g. status 4 to resolve)" is one sentence).
 */
function firstSentence(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "(") depth++;
    else if (char === ")") depth = Math.max(0, depth - 1);
    else if ((char === "." || char === "!" || char === "?") && depth === 0) {
      const next = text[i + 1];
      if ((next === undefined || /\s/.test(next)) && !ABBREVIATION.test(text.slice(0, i + 1)))
        return text.slice(0, i + 1);
    }
  }
  return text;
}
