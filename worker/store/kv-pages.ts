/** One page of the JSON records under a KV prefix, for the admin API's list routes. */
export async function listRecords<T>(
  kv: KVNamespace,
  prefix: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ records: Awaited<T>[]; next_cursor: string | null }> {
  const page = await kv.list({ prefix, cursor, limit });
  const records = await Promise.all(page.keys.map((k) => kv.get<T>(k.name, "json")));
  // A record deleted between the list and the read is skipped, not returned as null.
  return {
    records: records.filter((r) => r !== null),
    next_cursor: page.list_complete ? null : page.cursor,
  };
}
