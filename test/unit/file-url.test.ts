/** Which URLs the Worker fetches a file from: https on public hosts only, whatever spelling a hostile URL uses. */
import { describe, expect, it } from "vitest";
import { checkFileUrl } from "../../worker/files/file-url";

const strict = { allowLoopback: false };
const local = { allowLoopback: true };

describe("file URLs", () => {
  it.each([
    "https://files.example.com/report.csv",
    "https://s3.amazonaws.com/bucket/a.png?X-Amz-Signature=abc",
    "https://8.8.8.8/file.txt",
    "https://[2606:4700::1111]/file.txt",
    "https://[64:ff9b::808:808]/nat64-to-public.txt",
    "https://EXAMPLE.com./trailing-dot.txt",
  ])("fetches %s", (url) => {
    expect(checkFileUrl(url, strict)).toMatchObject({ ok: true });
  });

  it.each([
    ["http://files.example.com/a.txt", /uses http; only https/],
    ["ftp://files.example.com/a.txt", /uses ftp/],
    ["file:///etc/passwd", /uses file/],
    ["data:text/plain,hi", /uses data/],
    ["https://files.example.com:8443/a.txt", /names a port/],
    ["https://user:secret@files.example.com/a.txt", /user name or password/],
    ["https://user@files.example.com/a.txt", /user name or password/],
    ["not a url", /not an absolute URL/],
    ["/relative/path.txt", /not an absolute URL/],
    // Loopback, in every spelling the URL parser turns into 127.0.0.1 or ::1.
    ["https://127.0.0.1/a.txt", /a loopback address \(127\.0\.0\.1\)/],
    ["https://127.1.2.3/a.txt", /a loopback address/],
    ["https://2130706433/a.txt", /a loopback address \(127\.0\.0\.1\)/],
    ["https://0x7f000001/a.txt", /a loopback address \(127\.0\.0\.1\)/],
    ["https://0x7f.1/a.txt", /a loopback address \(127\.0\.0\.1\)/],
    ["https://017700000001/a.txt", /a loopback address \(127\.0\.0\.1\)/],
    ["https://127.1/a.txt", /a loopback address \(127\.0\.0\.1\)/],
    ["https://[::1]/a.txt", /reserved IPv6/],
    ["https://[0:0:0:0:0:0:0:1]/a.txt", /reserved IPv6/],
    ["https://[::ffff:127.0.0.1]/a.txt", /reserved IPv6/],
    ["https://[::ffff:10.0.0.1]/a.txt", /reserved IPv6/],
    ["https://[::]/a.txt", /reserved IPv6/],
    ["https://localhost/a.txt", /internal host \(localhost\)/],
    ["https://LOCALHOST./a.txt", /internal host \(localhost\)/],
    ["https://api.localhost/a.txt", /internal host/],
    // Private, shared and link-local ranges (the cloud metadata address among them).
    ["https://10.1.2.3/a.txt", /a private address/],
    ["https://172.16.0.1/a.txt", /a private address/],
    ["https://172.31.255.255/a.txt", /a private address/],
    ["https://192.168.1.10/a.txt", /a private address/],
    ["https://3232235786/a.txt", /a private address \(192\.168\.1\.10\)/],
    ["https://0xc0a8010a/a.txt", /a private address \(192\.168\.1\.10\)/],
    ["https://100.64.0.1/a.txt", /carrier-grade NAT/],
    ["https://169.254.169.254/latest/meta-data/", /a link-local address/],
    ["https://0.0.0.0/a.txt", /a this-network address/],
    ["https://0/a.txt", /a this-network address/],
    ["https://224.0.0.1/a.txt", /multicast/],
    ["https://255.255.255.255/a.txt", /a reserved address/],
    ["https://[fe80::1]/a.txt", /a link-local address/],
    ["https://[fd00::1]/a.txt", /unique-local/],
    ["https://[fc00::1]/a.txt", /unique-local/],
    ["https://[fec0::1]/a.txt", /site-local/],
    ["https://[ff02::1]/a.txt", /multicast/],
    ["https://[64:ff9b::7f00:1]/a.txt", /a loopback address/],
    ["https://[64:ff9b::a9fe:a9fe]/a.txt", /a link-local address/],
    ["https://[2002:c0a8:10a::]/a.txt", /a private address/],
    ["https://[2001:db8::1]/a.txt", /documentation/],
    // Names only an internal network resolves.
    ["https://intranet/a.txt", /without a domain \(intranet\)/],
    ["https://printer.local/a.txt", /internal host/],
    ["https://metadata.google.internal/computeMetadata/v1/", /internal host/],
    ["https://nas.home.arpa/a.txt", /internal host/],
    [`https://files.example.com/${"a".repeat(2100)}`, /longer than 2048/],
  ])("refuses %s", (url, problem) => {
    const checked = checkFileUrl(url, strict);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toMatch(problem);
  });

  it("allows the loopback simulator (http, any port) only where loopback upstreams are allowed", () => {
    for (const url of [
      "http://127.0.0.1:8790/_simulator/files/a.txt",
      "http://localhost:8790/a",
      "http://[::1]:8790/a",
    ]) {
      expect(checkFileUrl(url, local)).toMatchObject({ ok: true });
      expect(checkFileUrl(url, strict)).toMatchObject({ ok: false });
    }
    // Only the loopback names the simulator uses: other loopback and private addresses stay refused.
    expect(checkFileUrl("http://127.0.0.2:8790/a", local)).toMatchObject({ ok: false });
    expect(checkFileUrl("https://10.0.0.1/a", local)).toMatchObject({ ok: false });
    expect(checkFileUrl("http://files.example.com/a", local)).toMatchObject({ ok: false });
  });
});
