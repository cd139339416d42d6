/**
 * The address a throttle counts by: an IPv4 address as it is, an IPv6 one by its /64 (one host holds a whole /64, so
 * counting single IPv6 addresses would give every guesser 2^64 budgets).
 */
import { describe, expect, it } from "vitest";
import { throttleAddress } from "../../worker/oauth/client-address";

describe("throttle addresses", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:DB8:0001:0002:0:0:0:ffff", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::ffff:198.51.100.4", "198.51.100.4"],
    ["::1", "0:0:0:0::/64"],
    [null, "unknown"],
    ["not an address", "unknown"],
  ])("%s counts as %s", (address, expected) => {
    expect(throttleAddress(address)).toBe(expected);
  });

  it("puts every address of one /64 in one budget and another /64 in another", () => {
    const a = throttleAddress("2001:db8:aa:bb:1::1");
    expect(throttleAddress("2001:db8:aa:bb:ffff:ffff:ffff:ffff")).toBe(a);
    expect(throttleAddress("2001:db8:aa:bc::1")).not.toBe(a);
  });
});
