/** Token minting, hashing and credential encryption: the only place that touches raw secrets' bytes. */
import { fromBase64, toBase64, toBase64Url, toHex, utf8Bytes, utf8Text } from "../text/byte-encoding";

/** 32 bytes = 256 bits of entropy, as the design requires for MCP URL tokens. */
const TOKEN_BYTES = 32;
const AES_GCM_IV_BYTES = 12;

export function mintToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", utf8Bytes(text));
  return toHex(digest);
}

/** Constant-time string comparison: hash both first so the lengths match, as timingSafeEqual requires. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([a, b].map((s) => crypto.subtle.digest("SHA-256", utf8Bytes(s))));
  return crypto.subtle.timingSafeEqual(ha as ArrayBuffer, hb as ArrayBuffer);
}

export interface EncryptedSecret {
  iv: string;
  ciphertext: string;
}

/**
 * The credentials key, imported once per isolate per key value: the bytes come from the environment, so a value
 * always imports to the same key (a rotated key is another value). Failures are not kept.
 */
const importedKeys = new Map<string, Promise<CryptoKey>>();
/** The key and, during a rotation, its successor; more values than this is a misconfiguration, not a cache. */
const MAX_IMPORTED_KEYS = 4;

function credentialsKey(keyBase64: string): Promise<CryptoKey> {
  let key = importedKeys.get(keyBase64);
  if (!key) {
    key = importKey(keyBase64);
    key.catch(() => importedKeys.delete(keyBase64));
    if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.clear();
    importedKeys.set(keyBase64, key);
  }
  return key;
}

async function importKey(keyBase64: string): Promise<CryptoKey> {
  const raw = fromBase64(keyBase64);
  if (raw.byteLength !== 32) throw new Error("CREDENTIALS_KEY must be 32 bytes, base64-encoded");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** AES-GCM with a fresh IV; `context` (the account id) is bound as additional data so a ciphertext can't be moved between accounts. */
export async function encryptSecret(plaintext: string, keyBase64: string, context: string): Promise<EncryptedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(AES_GCM_IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8Bytes(context) },
    await credentialsKey(keyBase64),
    utf8Bytes(plaintext),
  );
  return { iv: toBase64(iv), ciphertext: toBase64(ciphertext) };
}

export async function decryptSecret(secret: EncryptedSecret, keyBase64: string, context: string): Promise<string> {
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(secret.iv), additionalData: utf8Bytes(context) },
    await credentialsKey(keyBase64),
    fromBase64(secret.ciphertext),
  );
  return utf8Text(new Uint8Array(plaintext));
}
