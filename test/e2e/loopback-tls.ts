/**
 * Has the Worker's runtime trust a loopback certificate made for this test file, so that the file can serve a
 * client metadata document over https on 127.0.0.1 (the MCP SDKs refuse an http one). Miniflare reads
 * NODE_EXTRA_CA_CERTS when it is first loaded, so a test file imports this module first, as a side-effect import,
 * before anything that loads wrangler; each test file runs in a process of its own.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loopbackCertificate } from "../support/loopback-certificate";

export const LOOPBACK_TLS = loopbackCertificate();

const file = join(mkdtempSync(join(tmpdir(), "fs-mcp-tls-")), "loopback.pem");
writeFileSync(file, LOOPBACK_TLS.cert);
process.env.NODE_EXTRA_CA_CERTS = file;
