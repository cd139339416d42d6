/**
 * Ranks tools for a plain-language task ("put a ticket on hold until the customer answers"), for discovery's
 * `search_tools`. BM25 over each tool's name, title, tags and description, weighted per field, with a small
 * service-desk vocabulary (hold → pending, laptop → asset, customer → requester) and the verbs that ask for each
 * kind of operation (add → create, reassign → update). Pure; an index is built once per tool list.
 */

/** What is searched of a tool. */
export interface SearchableTool {
  name: string;
  title: string;
  description: string;
  tags: string[];
  /** `list`, `get`, `create`, `update`, `delete` or a custom verb. */
  method?: string;
  /** Whether it only reads: a task without a write verb prefers tools that read. */
  category: "read" | "write";
}

export interface ToolMatch<T extends SearchableTool> {
  tool: T;
  score: number;
}

type Field = "name" | "title" | "tags" | "description";

/** Name and title say what a tool is; the description is long and says a lot besides. */
const FIELD_WEIGHTS: Record<Field, number> = { name: 3, title: 2.5, tags: 1.5, description: 1 };
/** BM25's usual constants: term-frequency saturation and how much a long field is discounted. */
const K1 = 1.2;
const B = 0.75;
/** A word the query did not use but means the same counts for less than the word itself. */
const SYNONYM_WEIGHT = 0.7;

/** Words in every tool name, or too common in a task to tell tools apart. */
const STOPWORDS = new Set(
  (
    "a an the to for of on in at my me i this that these those is are be been was were with by from and or it its " +
    "their our we you your he she his her they them until when what which there here into onto about as do does " +
    "did can could should would will please need want some every freshservice single id ids so up out put"
  ).split(" "),
);

/**
 * Service-desk words → the words the catalog uses. One direction: the query is expanded, the index is not.
 * Keys and values are stems (see `stem`).
 */
const SYNONYMS: Record<string, string[]> = {
  hold: ["pending", "status", "update"],
  wait: ["pending", "status"],
  pause: ["pending", "status", "update"],
  customer: ["requester"],
  user: ["requester"],
  employee: ["requester"],
  caller: ["requester"],
  person: ["requester"],
  people: ["requester", "agent"],
  colleague: ["requester"],
  staff: ["requester", "agent"],
  answer: ["reply", "respond"],
  respond: ["reply"],
  laptop: ["asset"],
  computer: ["asset"],
  pc: ["asset"],
  device: ["asset"],
  hardware: ["asset"],
  machine: ["asset"],
  monitor: ["asset"],
  equipment: ["asset"],
  inventory: ["asset"],
  stock: ["asset_state", "asset"],
  serial: ["asset"],
  approve: ["approval"],
  approver: ["approval"],
  signoff: ["approval"],
  kb: ["solution", "article"],
  knowledge: ["solution", "article"],
  howto: ["solution", "article"],
  doc: ["solution", "article"],
  documentation: ["solution", "article"],
  guide: ["solution", "article"],
  faq: ["solution", "article"],
  incident: ["ticket"],
  issue: ["ticket"],
  request: ["ticket"],
  case: ["ticket"],
  outage: ["incident", "problem"],
  recur: ["problem"],
  recurring: ["problem"],
  root: ["problem"],
  hire: ["onboarding"],
  joiner: ["onboarding"],
  starter: ["onboarding"],
  onboard: ["onboarding"],
  leaver: ["offboarding"],
  leaving: ["offboarding"],
  offboard: ["offboarding"],
  terminate: ["offboarding"],
  technician: ["agent"],
  tech: ["agent"],
  engineer: ["agent"],
  team: ["group"],
  squad: ["group"],
  comment: ["note"],
  internal: ["note"],
  hour: ["time", "entry"],
  timesheet: ["time", "entry"],
  worked: ["time", "entry"],
  supplier: ["vendor"],
  po: ["purchase", "order"],
  buy: ["purchase", "order"],
  deadline: ["sla", "due"],
  overdue: ["sla", "due"],
  order: ["place", "request", "catalog"],
  catalog: ["service", "item"],
  cab: ["advisory", "board"],
  deploy: ["release"],
  deployment: ["release"],
  rollout: ["release"],
  license: ["software"],
  licence: ["software", "license"],
  app: ["software"],
  application: ["software"],
  survey: ["csat", "satisfaction"],
  feedback: ["csat", "satisfaction"],
  history: ["activity", "assign"],
  review: ["approval"],
  audit: ["audit", "log"],
  trail: ["audit", "log"],
  template: ["canned", "response"],
  macro: ["canned", "response"],
  duplicate: ["merge"],
  office: ["location"],
  site: ["location"],
  building: ["location"],
  schedule: ["planned"],
  urgent: ["priority"],
  escalate: ["priority", "promote", "major"],
  major: ["promote"],
  conversation: ["conversation", "reply", "note"],
  subtask: ["task"],
  todo: ["task"],
  broadcast: ["announcement"],
  notice: ["announcement"],
  expire: ["contract", "end"],
  renewal: ["contract"],
  warranty: ["contract", "asset"],
  hours: ["business", "hour"],
  deactivate: ["delete"],
  undelete: ["restore"],
  recover: ["restore"],
  trash: ["delete"],
  many: ["count"],
  number: ["count"],
  tally: ["count"],
  breakdown: ["count", "group_by"],
  statistic: ["count"],
  stat: ["count"],
  // A file on a record is an attachment (the tools say "attachments"); "file" as the first word still asks to create.
  file: ["attachment"],
  screenshot: ["attachment", "image"],
  image: ["attachment"],
  photo: ["attachment", "image"],
  upload: ["attachment"],
  download: ["attachment", "content"],
  attached: ["attachment"],
};

/** Inflected words whose meaning their stem does not carry: "who changed" asks for history, "a change" does not. */
const WORD_SYNONYMS: Record<string, string[]> = {
  changed: ["activity", "happen"],
  used: ["assign", "history"],
  before: ["history"],
  previous: ["history"],
  upcoming: ["planned"],
};

let synonymStems: Map<string, string[]> | undefined;

/** SYNONYMS keyed by stem, as query words are looked up after stemming. */
function synonymsOf(): Map<string, string[]> {
  if (!synonymStems) {
    synonymStems = new Map();
    for (const [word, synonyms] of Object.entries(SYNONYMS)) {
      const key = stem(word);
      synonymStems.set(key, [...(synonymStems.get(key) ?? []), ...synonyms]);
    }
  }
  return synonymStems;
}

/**
 * The words a task uses to ask for each kind of operation. A task with no write verb asks to read (most tasks an
 * agent types are questions), and then a list (or search) serves better than one record unless it says "this".
 */
const INTENT_WORDS: Record<Intent, string> = {
  create: "create add new raise log file submit make start record post write send order onboard offboard attach upload",
  update: "update change set edit modify assign reassign close resolve hold pause mark move put rename escalate",
  delete: "delete remove trash deactivate",
  one: "detail details this that one single specific",
  search: "search find any there how look lookup",
};
type Intent = "create" | "update" | "delete" | "one" | "search";
/** How much a tool of the kind asked for is preferred over its siblings that match the same words. */
const INTENT_BOOST = 1.3;
/** A delete the task did not ask for ("show me the screenshot attached to the ticket") counts for this much. */
const UNASKED_DELETE = 0.7;

/**
 * Records whose name qualifies a common noun: a status page's incident is not the incident ticket an agent means
 * by "open a new incident". Their tools count for this much unless the task names the qualifier.
 */
const QUALIFIED_RECORDS: { namePart: string; qualifier: string[] }[] = [
  { namePart: "status_page", qualifier: ["status", "page"] },
];
const UNQUALIFIED_WEIGHT = 0.5;

function qualifierWeight(name: string, queryTerms: ReadonlySet<string>): number {
  const record = QUALIFIED_RECORDS.find((r) => name.includes(r.namePart));
  return record && !record.qualifier.some((word) => queryTerms.has(stem(word))) ? UNQUALIFIED_WEIGHT : 1;
}

/** Words before the verb of a request ("please", "can you", "I want to"). */
const LEAD_INS = new Set(
  "please can could would you i we want need to help me let lets us go ahead and just kindly".split(" "),
);
/** Write verbs count where a request puts its verb, first: "who approved this change" is not asking to change. */
const WRITE_INTENTS = ["create", "update", "delete"] as const;

function intentsOf(query: string): Set<Intent> {
  const tokens = query
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const verb = stem(tokens.find((t) => !LEAD_INS.has(t)) ?? "");
  const asked = new Set(tokens.map(stem));
  const has = (intent: Intent, word: string) => INTENT_WORDS[intent].split(" ").some((w) => stem(w) === word);
  const intents = new Set<Intent>(WRITE_INTENTS.filter((intent) => has(intent, verb)));
  // "new" asks to create wherever it stands.
  if (asked.has("new")) intents.add("create");
  for (const intent of ["one", "search"] as const)
    if ([...asked].some((word) => has(intent, word))) intents.add(intent);
  return intents;
}

function intentBoost(method: string | undefined, category: "read" | "write", intents: Set<Intent>): number {
  const custom = method !== undefined && !["list", "get", "create", "update", "delete"].includes(method);
  const writes = WRITE_INTENTS.filter((i) => intents.has(i));
  if (writes.length) {
    if (writes.some((i) => i === method)) return INTENT_BOOST;
    // An action of its own (reply, place_request, send_for_approval) is asked for by its name's words.
    if (custom && category === "write") return INTENT_BOOST;
    // A task that asks to create or change something is not asking to delete: "create a ticket with an attachment"
    // wants the create, not the attachment delete whose name matches more of its words.
    if (method === "delete") return UNASKED_DELETE;
    return category === "write" ? 1.1 : 1;
  }
  if (method === "delete") return UNASKED_DELETE;
  if (category === "write") return 1;
  if (method === "search" && intents.has("search")) return INTENT_BOOST * 1.1;
  if (method === "get") return intents.has("one") ? INTENT_BOOST * 1.1 : INTENT_BOOST;
  return method === "list" || method === "search" ? INTENT_BOOST * 1.05 : INTENT_BOOST;
}

export interface ToolSearch<T extends SearchableTool> {
  search(query: string, limit: number): ToolMatch<T>[];
}

export function toolSearch<T extends SearchableTool>(tools: readonly T[]): ToolSearch<T> {
  const docs = tools.map((tool) => ({ tool, fields: fieldTerms(tool) }));
  const fields = Object.keys(FIELD_WEIGHTS) as Field[];
  const averageLength = Object.fromEntries(
    fields.map((f) => [f, docs.reduce((sum, d) => sum + d.fields[f].length, 0) / Math.max(docs.length, 1) || 1]),
  ) as Record<Field, number>;
  const documentFrequency = new Map<string, number>();
  for (const doc of docs)
    for (const term of new Set(fields.flatMap((f) => doc.fields[f]))) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  const counts = docs.map((doc) => Object.fromEntries(fields.map((f) => [f, countTerms(doc.fields[f])]))) as Record<
    Field,
    Map<string, number>
  >[];
  const idf = (term: string) => {
    const df = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
  };

  return {
    search(query, limit) {
      const wanted = expandQuery(query);
      if (!wanted.length) return [];
      const intents = intentsOf(query);
      const queryTerms = new Set(terms(query));
      const scored = docs.map((doc, i) => {
        let score = 0;
        // Each word of the task counts once: by itself, or by its best-scoring synonym.
        for (const alternatives of wanted) {
          let best = 0;
          for (const { term, weight } of alternatives) {
            let termScore = 0;
            for (const f of fields) {
              const tf = counts[i]?.[f].get(term) ?? 0;
              if (!tf) continue;
              const norm = K1 * (1 - B + (B * doc.fields[f].length) / averageLength[f]);
              termScore += (FIELD_WEIGHTS[f] * (tf * (K1 + 1))) / (tf + norm);
            }
            best = Math.max(best, termScore * idf(term) * weight);
          }
          score += best;
        }
        const weight =
          intentBoost(doc.tool.method, doc.tool.category, intents) * qualifierWeight(doc.tool.name, queryTerms);
        return { tool: doc.tool, score: score * weight };
      });
      return scored
        .filter((m) => m.score > 0)
        .sort((a, b) => b.score - a.score || a.tool.name.length - b.tool.name.length)
        .slice(0, limit);
    },
  };
}

function fieldTerms(tool: SearchableTool): Record<Field, string[]> {
  return {
    name: terms(tool.name.replace(/^(list_all|get_single|create_a|update_a|delete_a)_/, "")),
    title: terms(tool.title),
    tags: tool.tags.flatMap(terms),
    description: terms(tool.description),
  };
}

/**
 * Words that start a condition inside a task: "put a ticket on hold until the customer answers" asks to update the
 * ticket, not to answer the customer. Not at the task's start ("when does the contract expire" is the question).
 */
const CONDITION_MARKERS = new Set(["until", "unless", "once", "when", "whenever", "while", "after"]);
/** A word of the condition counts for this much of a word of the action. */
const CONDITION_WEIGHT = 0.25;

/** Each word of the query with its synonyms, as alternatives; a condition's words count for less. */
function expandQuery(query: string): { term: string; weight: number }[][] {
  const tokens = query
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const at = tokens.findIndex((token, i) => i > 0 && CONDITION_MARKERS.has(token));
  const action = words((at < 0 ? tokens : tokens.slice(0, at)).join(" "));
  const condition = at < 0 ? [] : words(tokens.slice(at).join(" ")).filter((word) => !action.includes(word));
  const weighted = [
    ...[...new Set(action)].map((word) => ({ word, weight: 1 })),
    ...[...new Set(condition)].map((word) => ({ word, weight: CONDITION_WEIGHT })),
  ];
  return weighted.map(({ word, weight }) => {
    const term = stem(word);
    // A word's own synonyms first ("changed" asks for history, "change" for a change record), then its stem's.
    const synonyms = [...(WORD_SYNONYMS[word] ?? []), ...(synonymsOf().get(term) ?? [])];
    return [
      { term, weight },
      ...synonyms.flatMap((synonym) => terms(synonym).map((s) => ({ term: s, weight: weight * SYNONYM_WEIGHT }))),
    ];
  });
}

/** Lower-case word stems, without stopwords; snake_case names split into words. */
export function terms(text: string): string[] {
  return words(text).map(stem);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word));
}

/** A light English stemmer: enough that "tickets", "approved" and "answers" meet "ticket", "approve", "answer". */
function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("ing") && word.length > 5) return restoreE(word.slice(0, -3));
  if (word.endsWith("ed") && word.length > 4) return restoreE(word.slice(0, -2));
  if (word.endsWith("es") && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

/** approv → approve, clos → close: stems of verbs that end in e, so they meet the bare verb. */
function restoreE(base: string): string {
  if (/(at|iz|bl|ov|os|as|ar|ir|ur|iv|ag|ac|ang|ov)$/.test(base)) return `${base}e`;
  if (/(.)\1$/.test(base) && !/(ll|ss|zz)$/.test(base)) return base.slice(0, -1);
  return base;
}

function countTerms(list: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of list) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
