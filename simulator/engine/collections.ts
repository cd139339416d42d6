// The generic record collections the resource engine stores per tenant, with the id each one issues first.
// Records are the API's JSON shape; keys starting with "_" are internal bookkeeping and never leave the simulator.

export type JsonRecord = Record<string, unknown> & { id: number };

/** The last id issued before seeding, per collection (the next one is base + 1). */
export const COLLECTION_ID_BASES = {
  // Problems, changes and releases are numbered like tickets (PRB-1, CHN-1, REL-1).
  problems: 0,
  changes: 0,
  releases: 0,
  offboardingRequest: 0,
  ticketTasks: 21_001_000_000,
  problemTasks: 21_001_010_000,
  changeTasks: 21_001_020_000,
  releaseTasks: 21_001_030_000,
  ticketTimeEntries: 21_001_100_000,
  problemTimeEntries: 21_001_110_000,
  changeTimeEntries: 21_001_120_000,
  releaseTimeEntries: 21_001_130_000,
  problemNotes: 21_001_200_000,
  changeNotes: 21_001_210_000,
  releaseNotes: 21_001_220_000,
  approvals: 21_001_300_000,
  approvalGroups: 21_001_310_000,
  requestedItems: 21_001_400_000,
  csatResponses: 21_001_410_000,
  // Custom sources get ids from 1001 (§6.1).
  ticketSources: 1000,
  serviceItems: 21_001_500_000,
  serviceItemDisplay: 0,
  serviceCategories: 21_001_510_000,
  cabs: 21_001_600_000,
  assetComponents: 21_001_700_000,
  assetAssignments: 21_001_710_000,
  contractTypes: 0,
  contracts: 21_001_800_000,
  applications: 21_001_900_000,
  applicationUsers: 21_001_910_000,
  installations: 21_001_920_000,
  purchaseOrders: 21_002_000_000,
  purchaseItems: 21_002_010_000,
  requesterGroups: 21_002_100_000,
  roles: 21_002_110_000,
  announcements: 21_002_200_000,
  cannedResponseFolders: 21_002_300_000,
  cannedResponses: 21_002_310_000,
  projects: 21_002_400_000,
  projectTasks: 21_002_410_000,
  projectTaskNotes: 21_002_420_000,
  projectVersions: 21_002_430_000,
  sprints: 21_002_440_000,
  customObjects: 21_002_500_000,
  customObjectRecords: 21_002_510_000,
  businessHours: 21_002_600_000,
  slaPolicies: 21_002_610_000,
  journeyConfigs: 21_002_700_000,
  journeyRequests: 21_002_710_000,
  // Journey requests are shown as JNY-1, JNY-2 …
  journeyDisplay: 0,
  assetTypes: 21_000_440_000,
  alerts: 21_002_800_000,
  alertNotes: 21_002_810_000,
  oncallSchedules: 21_002_900_000,
  oncallShifts: 21_002_910_000,
  // Status pages and what they show are numbered apart from tickets, as in the documentation's samples.
  statusPages: 6_820,
  statusPageComponents: 11_130,
  statusPageIncidents: 80,
  statusPageIncidentUpdates: 3_240,
  statusPageMaintenances: 86,
  ticketCommunications: 0,
  // Workspaces 1 (global), 2 (IT) and 3 (HR) are seeded; new ones continue from 4.
  workspaces: 3,
} as const;

export type CollectionName = keyof typeof COLLECTION_ID_BASES;

/** Collections that hold records (the others above only issue ids). */
export const RECORD_COLLECTIONS = [
  "problems",
  "changes",
  "releases",
  "ticketTasks",
  "problemTasks",
  "changeTasks",
  "releaseTasks",
  "ticketTimeEntries",
  "problemTimeEntries",
  "changeTimeEntries",
  "releaseTimeEntries",
  "problemNotes",
  "changeNotes",
  "releaseNotes",
  "approvals",
  "approvalGroups",
  "requestedItems",
  "csatResponses",
  "ticketSources",
  "serviceItems",
  "serviceCategories",
  "cabs",
  "assetComponents",
  "assetAssignments",
  "contractTypes",
  "contracts",
  "applications",
  "applicationUsers",
  "installations",
  "purchaseOrders",
  "requesterGroups",
  "roles",
  "announcements",
  "cannedResponseFolders",
  "cannedResponses",
  "projects",
  "projectTasks",
  "projectTaskNotes",
  "projectVersions",
  "sprints",
  "customObjects",
  "customObjectRecords",
  "businessHours",
  "slaPolicies",
  "journeyConfigs",
  "journeyRequests",
  "alerts",
  "alertNotes",
  "oncallSchedules",
  "oncallShifts",
  "statusPages",
  "statusPageComponents",
  "statusPageIncidents",
  "statusPageIncidentUpdates",
  "statusPageMaintenances",
  "ticketCommunications",
] as const satisfies readonly CollectionName[];

export type RecordCollectionName = (typeof RECORD_COLLECTIONS)[number];
export type Collections = { [K in RecordCollectionName]: Map<number, JsonRecord> };

export function emptyCollections(): Collections {
  return Object.fromEntries(RECORD_COLLECTIONS.map((name) => [name, new Map()])) as Collections;
}

/** The public shape: internal `_…` keys removed (shallow; nested objects are already public). */
export function publicRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!k.startsWith("_")) out[k] = v;
  return out;
}
