import { describe, expect, it } from "vitest";
import { isPrivateAddress, mayConnect, parseAllowEntry, refuseTarget } from "./target-guard.ts";

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

  it("sees IPv4 addresses carried inside IPv6 ones", () => {
    for (const address of ["::ffff:7f00:1", "::7f00:1", "::127.0.0.1", "2002:7f00:1::", "2002:a9fe:a9fe::1", "::"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["2002:808:808::", "::ffff:808:808", "2001:4860:4860::8888"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("lets an allow-list open single addresses and ranges, nothing more", () => {
    const policy = { allowPrivate: false, allowList: ["10.1.0.0/16", "127.0.0.1", "fd00::/8"] };
    expect(mayConnect("10.1.2.3", policy)).toBe(true);
    expect(mayConnect("10.2.0.1", policy)).toBe(false);
    expect(mayConnect("127.0.0.1", policy)).toBe(true);
    expect(mayConnect("::ffff:127.0.0.1", policy)).toBe(true);
    expect(mayConnect("127.0.0.2", policy)).toBe(false);
    expect(mayConnect("fd12::1", policy)).toBe(true);
    expect(mayConnect("169.254.169.254", policy)).toBe(false);
    expect(parseAllowEntry("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: "ipv4" });
    for (const bad of ["10.0.0.0/33", "example.com", "10.0.0.0/x", "fd00::/129", ""]) {
      expect(parseAllowEntry(bad), bad).toBeNull();
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
