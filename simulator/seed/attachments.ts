// Seed files on a change (a text rollback plan) and on a contract (the signed PDF), after every other seed so no
// earlier id moves. Their bytes are made up on download (files/attachment-store.ts).

import { attachmentRecord } from "../files/attachment-store";
import type { TenantState } from "../tenant-state";
import { DAY_MS } from "../time";

export function seedAttachments(state: TenantState, now: number): void {
  const change = state.collections.changes.values().next().value;
  if (change) {
    const list = (change.attachments as unknown[] | undefined) ?? [];
    list.push(attachmentRecord(state, now - 2 * DAY_MS, "rollback-plan.txt", "text/plain", 1_204));
    change.attachments = list;
  }
  const contract = state.collections.contracts.values().next().value;
  if (contract) {
    contract._attachments = [
      attachmentRecord(state, now - 30 * DAY_MS, "signed-contract.pdf", "application/pdf", 248_113),
    ];
    contract.has_attachments = true;
  }
}
