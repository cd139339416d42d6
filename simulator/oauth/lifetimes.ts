// How long each OAuth artefact lives, on the simulator's clock (so a test moves time to expire them).

import { DAY_MS, MINUTE_MS } from "../time";

/** Access tokens last 30 minutes (the reference, from nango.dev's Freshservice OAuth notes). */
export const ACCESS_TOKEN_TTL_SECONDS = 30 * 60;
/** Refresh tokens last 365 days (same source); each rotation starts a new year. */
export const REFRESH_TOKEN_TTL_MS = 365 * DAY_MS;
/** Authorization codes: undocumented for Freshworks; RFC 6749 §4.1.2 recommends at most 10 minutes. */
export const AUTHORIZATION_CODE_TTL_MS = 10 * MINUTE_MS;
