/** verifyAccount against a Freshservice that can't be reached at all (the worker tests cover every answer). */
import { describe, expect, it } from "vitest";
import { HttpError } from "../../worker/http/responses";
import { verifyAccount } from "../../worker/upstream/verify-account";

describe("verifyAccount", () => {
  it("a refused connection: 502 upstream_unreachable naming where, never the key", async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const error = await verifyAccount(
      { origin: "http://127.0.0.1:1", apiKey: "secret-key-123" },
      "http://127.0.0.1:1",
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    const http = error as HttpError;
    expect([http.status, http.code]).toEqual([502, "upstream_unreachable"]);
    expect(http.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:1\. Check the domain/);
    expect(http.message).toContain('"verify": false');
    expect(http.message).not.toContain("secret-key");
  });
});
