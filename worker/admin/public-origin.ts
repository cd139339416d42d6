/** Where minted MCP URLs point: the one rule lives in http/, where the OAuth endpoints read it too. */
export { publicOrigin } from "../http/public-origin";
