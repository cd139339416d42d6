// Reading the API key out of `Authorization: Basic base64(<key>:<anything>)` (§1.2: the password is a dummy).

/** The Basic username, or null when the header is absent, another scheme, or not base64. */
export function basicUsername(header: string | null): string | null {
  if (!header) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  try {
    const decoded = atob(m[1] as string);
    const colon = decoded.indexOf(":");
    return colon < 0 ? decoded : decoded.slice(0, colon);
  } catch {
    return null;
  }
}
