/** The audit trail's retention: the scheduled purge of rows older than `AUDIT_RETENTION_DAYS`. */
import { auditLog } from "./audit-log";

declare global {
  interface Env {
    /** Optional var: days the audit trail keeps a call, 1 to 3650 (default 30). */
    AUDIT_RETENTION_DAYS?: string;
  }
}

export const DEFAULT_RETENTION_DAYS = 30;
/** Ten years: anything longer is a typo, not a policy. */
const MAX_RETENTION_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `AUDIT_RETENTION_DAYS` when it is a whole number of days from 1 to 3650, else the default. */
export function retentionDays(value: string | undefined): number {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return DEFAULT_RETENTION_DAYS;
  const days = Number(value);
  return days >= 1 && days <= MAX_RETENTION_DAYS ? days : DEFAULT_RETENTION_DAYS;
}

/** Deletes the calls older than the retention, counted back from `now`; returns how many went. */
export async function purgeAuditTrail(env: Env, now: number): Promise<number> {
  const deleted = await auditLog(env.AUDIT_DB).purge(now - retentionDays(env.AUDIT_RETENTION_DAYS) * DAY_MS);
  console.log(JSON.stringify({ event: "audit_purge", deleted }));
  return deleted;
}
