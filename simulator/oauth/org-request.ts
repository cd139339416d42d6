// A request to the org host, read once: the endpoints and the request log share its body text.

export interface OrgRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}
