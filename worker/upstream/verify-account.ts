/**
 * Checks a domain and API key before they are stored: one cheap, documented read (the first ticket of the
 * first page) that any agent's key may make. The answer becomes an error the operator can act on; the key and
 * Freshservice's body never appear in it.
 */
import { HttpError } from "../http/responses";
import { fetchFreshservice, UpstreamError, type UpstreamTarget } from "./fetch-freshservice";
import { readRateLimit } from "./rate-limit";

/** `GET /api/v2/tickets?per_page=1`: a single row, readable by every agent role that can see any ticket. */
export const VERIFY_REQUEST = { method: "GET", pathAndQuery: "/api/v2/tickets?per_page=1" } as const;
/** An operator is waiting on the answer: shorter than a tool call's timeout. */
const VERIFY_TIMEOUT_MS = 10_000;

/**
 * Resolves with notes (empty when all is well) when the key is accepted; throws an HttpError saying what is
 * wrong otherwise. `where` names the account's Freshservice in messages (its domain, or the local base_url).
 */
export async function verifyAccount(target: UpstreamTarget, where: string): Promise<string[]> {
  let response: Response;
  try {
    response = await fetchFreshservice(target, VERIFY_REQUEST, { timeoutMs: VERIFY_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    throw new HttpError(
      502,
      "upstream_unreachable",
      error.reason === "timeout"
        ? `Could not reach ${where}: no answer within ${VERIFY_TIMEOUT_MS / 1000} s. Check the domain, or send "verify": false to save it unchecked.`
        : `Could not reach ${where}. Check the domain (it must be your <subdomain>.freshservice.com), or send "verify": false to save it unchecked.`,
    );
  }
  // Only the status matters; the body (a ticket) is never read.
  await response.body?.cancel().catch(() => {});
  const status = response.status;
  if (status >= 200 && status < 300) return [];
  if (status === 401)
    throw new HttpError(
      400,
      "invalid_api_key",
      `${where} refused the API key (401). Copy the key again from Freshservice (Profile settings → Your API key).`,
      [{ path: "api_key", message: "Freshservice does not accept this key" }],
    );
  if (status === 403)
    return [
      `${where} accepted the key, but its agent may not read tickets (403): tools are limited to what the agent's role allows.`,
    ];
  if (status === 404 || (status >= 300 && status < 400))
    throw new HttpError(
      400,
      "unknown_domain",
      `There is no Freshservice account at ${where} (${status}). Check the subdomain: it is the part before .freshservice.com in your helpdesk's address.`,
      [{ path: "domain", message: "no Freshservice account answers at this domain" }],
    );
  if (status === 429) {
    const wait = readRateLimit(response.headers).retryAfterSeconds;
    throw new HttpError(
      503,
      "verification_unavailable",
      `${where} is rate-limiting its API right now, so the key could not be checked. Try again${wait === undefined ? " shortly" : ` in ${wait} seconds`}, or send "verify": false to save it unchecked.`,
    );
  }
  throw new HttpError(
    502,
    "verification_failed",
    `${where} answered ${status}, so the key could not be checked. Try again shortly, or send "verify": false to save it unchecked.`,
  );
}
