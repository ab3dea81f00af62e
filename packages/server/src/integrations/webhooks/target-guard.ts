import dns from "node:dns/promises";
import net from "node:net";

// Addresses a webhook may not reach unless an admin allows it: loopback, private, link-local, carrier NAT,
// unspecified, multicast and reserved ranges, in IPv4 and IPv6 (IPv4-mapped IPv6 is checked as IPv4).
const blocked = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) return blocked.check(address, "ipv6");
  return true;
}

// Why a target is refused, or null when it may be used. Every address the name resolves to must be public.
export async function refuseTarget(target: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return "target: must be an absolute http or https URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "target: must be an http or https URL";
  if (url.username || url.password) return "target: must not carry credentials";
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      return `target: the host ${host} could not be resolved`;
    }
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    return `target: ${host} resolves to a private, loopback or link-local address, which webhooks may not reach (an admin can allow it with TAKT_WEBHOOK_ALLOW_PRIVATE)`;
  }
  return null;
}
