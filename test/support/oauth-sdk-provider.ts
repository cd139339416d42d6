/**
 * The official SDK clients' OAuth provider for tests, kept in memory: it registers by metadata document when given
 * one (2.x; `clientMetadataUrl`) or dynamically (1.x), and its `redirectToAuthorization` is the agent at the
 * browser: it signs in on the page through `signIn` and keeps the authorization response for the test to hand to
 * `transport.finishAuth`. The same object serves both SDK majors, whose provider interfaces agree on these members.
 */
import { type SignInResult, type SignInWay, signIn } from "./oauth-sign-in";

type Json = Record<string, unknown>;

export class TestOAuthProvider {
  /** Set by the 2.x client to use a metadata document instead of dynamic registration. */
  readonly clientMetadataUrl?: string;
  /** What the sign-in page was asked for each time the SDK sent the agent there. */
  readonly authorizations: URL[] = [];
  /** The last authorization response, for `transport.finishAuth(code, iss)`. */
  lastSignIn: SignInResult | null = null;
  #client: Json | undefined;
  #tokens: Json | undefined;
  #verifier = "";
  /** Every code and token that passed through, for tests that look for them where they must not be. */
  readonly handled: string[] = [];

  constructor(
    /** How the agent signs in; replace it between sign-ins to sign in as someone else or another way. */
    public how: SignInWay,
    private readonly redirectUri: string,
    options: { clientMetadataUrl?: string; clientName?: string } = {},
  ) {
    this.clientMetadataUrl = options.clientMetadataUrl;
    this.clientName = options.clientName ?? "e2e SDK client";
  }

  private readonly clientName: string;

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata() {
    return {
      client_name: this.clientName,
      redirect_uris: [this.redirectUri],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  clientInformation() {
    return this.#client as { client_id: string } | undefined;
  }

  saveClientInformation(info: Json) {
    this.#client = info;
  }

  tokens() {
    return this.#tokens as
      | { access_token: string; token_type: string; refresh_token?: string; scope?: string }
      | undefined;
  }

  saveTokens(tokens: Json) {
    this.#tokens = tokens;
    for (const key of ["access_token", "refresh_token"])
      if (typeof tokens[key] === "string") this.handled.push(tokens[key] as string);
  }

  /** The tokens the SDK holds now (for tests that then act outside it). */
  get heldTokens(): { access_token: string; refresh_token: string; scope: string } {
    const tokens = this.#tokens as { access_token?: string; refresh_token?: string; scope?: string } | undefined;
    if (!tokens?.access_token || !tokens.refresh_token) throw new Error("the SDK holds no tokens yet");
    return { access_token: tokens.access_token, refresh_token: tokens.refresh_token, scope: tokens.scope ?? "" };
  }

  get clientId(): string {
    const id = (this.#client as { client_id?: string } | undefined)?.client_id ?? this.clientMetadataUrl;
    if (!id) throw new Error("the SDK has no client id yet");
    return id;
  }

  async redirectToAuthorization(authorizationUrl: URL) {
    this.authorizations.push(authorizationUrl);
    this.lastSignIn = await signIn(authorizationUrl, this.how);
  }

  /** The code (and `iss`) of the sign-in just made; throws with the error the client was sent instead. */
  takeCode(): { code: string; iss?: string } {
    const last = this.lastSignIn;
    this.lastSignIn = null;
    if (!last?.code) throw new Error(`no authorization code (error: ${last?.error ?? "no sign-in happened"})`);
    this.handled.push(last.code);
    return { code: last.code, iss: last.iss ?? undefined };
  }

  saveCodeVerifier(verifier: string) {
    this.#verifier = verifier;
  }

  codeVerifier() {
    return this.#verifier;
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery") {
    if (scope === "all" || scope === "tokens") this.#tokens = undefined;
    if (scope === "all" || scope === "client") this.#client = undefined;
  }
}
