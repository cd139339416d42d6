/** Token minting, hashing and credential encryption: the only place that touches raw secrets' bytes. */
import { Buffer } from "node:buffer";

/** 32 bytes = 256 bits of entropy, as the design requires for MCP URL tokens. */
const TOKEN_BYTES = 32;
const AES_GCM_IV_BYTES = 12;

export function mintToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))).toString("base64url");
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex");
}

/** Constant-time string comparison: hash both first so the lengths match, as timingSafeEqual requires. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([a, b].map((s) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(s))));
  return crypto.subtle.timingSafeEqual(ha as ArrayBuffer, hb as ArrayBuffer);
}

export interface EncryptedSecret {
  iv: string;
  ciphertext: string;
}

async function importKey(keyBase64: string): Promise<CryptoKey> {
  const raw = Buffer.from(keyBase64, "base64");
  if (raw.byteLength !== 32) throw new Error("CREDENTIALS_KEY must be 32 bytes, base64-encoded");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** AES-GCM with a fresh IV; `context` (the account id) is bound as additional data so a ciphertext can't be moved between accounts. */
export async function encryptSecret(plaintext: string, keyBase64: string, context: string): Promise<EncryptedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(AES_GCM_IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await importKey(keyBase64),
    new TextEncoder().encode(plaintext),
  );
  return { iv: Buffer.from(iv).toString("base64"), ciphertext: Buffer.from(ciphertext).toString("base64") };
}

export async function decryptSecret(secret: EncryptedSecret, keyBase64: string, context: string): Promise<string> {
  const plaintext = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: Buffer.from(secret.iv, "base64"), additionalData: new TextEncoder().encode(context) },
    await importKey(keyBase64),
    Buffer.from(secret.ciphertext, "base64"),
  );
  return new TextDecoder().decode(plaintext);
}
