/**
 * The shared setup of the simulator unit tests: a freshly seeded default tenant before each test, on a clock
 * that starts at NOW (the seed data is dated relative to it) and that a test may move.
 */
import { beforeEach } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator, DEFAULT_API_KEY, type Simulator, type TenantOptions } from "../../simulator/simulator";

export const NOW = Date.UTC(2025, 5, 16, 12, 0, 0);

export type SimulatorApi = ReturnType<typeof simulatorClient>;

// Exported as live bindings, so a test file that imports them sees the simulator of the running test.
export let sim: Simulator;
export let api: SimulatorApi;
let clock = NOW;

/**
 * Registers a beforeEach that resets the clock to `start` and creates the simulator and its client; `tenant`
 * options (extra custom fields, …) are laid over the default tenant's.
 */
export function freshSimulatorPerTest(start = NOW, tenant: Omit<TenantOptions, "apiKey"> = {}): void {
  beforeEach(() => {
    clock = start;
    sim = createSimulator({
      now: testClock,
      tenants: [{ apiKey: DEFAULT_API_KEY, name: "acme", plan: "pro", ...tenant }],
    });
    api = simulatorClient(sim.handle);
  });
}

/** The clock the test simulator reads; pass it as `now` to another simulator to share it. */
export function testClock(): number {
  return clock;
}

export function setTestClock(at: number): void {
  clock = at;
}

export function advanceTestClock(ms: number): void {
  clock += ms;
}
