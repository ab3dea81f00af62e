import { describe, expect, it } from "vitest";
import { isPrivateAddress, refuseTarget } from "./target-guard.ts";

describe("webhook target guard", () => {
  it("recognises loopback, private, link-local and mapped addresses", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("refuses bad schemes, credentials and private literals unless allowed", async () => {
    expect(await refuseTarget("ftp://example.com/x", false)).toMatch(/http or https/);
    expect(await refuseTarget("not a url", false)).toMatch(/absolute/);
    expect(await refuseTarget("https://user:pw@example.com/", false)).toMatch(/credentials/);
    expect(await refuseTarget("http://127.0.0.1:9/hook", false)).toMatch(/private, loopback/);
    expect(await refuseTarget("http://[::1]:9/hook", false)).toMatch(/private, loopback/);
    expect(await refuseTarget("http://localhost:9/hook", false)).toMatch(/private, loopback|could not be resolved/);
    expect(await refuseTarget("http://127.0.0.1:9/hook", true)).toBeNull();
    expect(await refuseTarget("https://8.8.8.8/hook", false)).toBeNull();
  });
});
