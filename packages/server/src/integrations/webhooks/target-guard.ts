import type { LookupAddress, LookupOptions } from "node:dns";
import dns from "node:dns/promises";
import net from "node:net";

// Who an outgoing request (webhooks, rule web requests) may reach. Loopback, private, link-local (incl. the cloud
// metadata address 169.254.169.254), carrier NAT, unspecified, multicast and reserved ranges are refused unless an
// admin allows all of them (allowPrivate) or lists the few it trusts (allowList: addresses or CIDR ranges).
export interface OutboundPolicy {
  allowPrivate: boolean;
  allowList: readonly string[];
  // Resolves a host name instead of the system resolver (tests use it to play a rebinding DNS server).
  resolve?: (host: string) => Promise<string[]>;
}

export function outboundPolicy(config: { webhookAllowPrivate: boolean; webhookAllowList?: readonly string[] }) {
  return { allowPrivate: config.webhookAllowPrivate, allowList: config.webhookAllowList ?? [] } as OutboundPolicy;
}

const blocked = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

// The eight 16-bit groups of an IPv6 address (a trailing dotted quad counts as two), or null.
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const part = (value: string) => (value ? value.split(":").map((group) => Number.parseInt(group, 16)) : []);
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const groups = [...head, ...new Array(fill).fill(0), ...tail];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

const quadOf = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

// An IPv4 address carried inside an IPv6 one: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), 6to4 (2002:ab:cd::).
function embeddedIPv4(address: string): string | null {
  const groups = ipv6Groups(address);
  if (!groups) return null;
  if (groups.slice(0, 5).every((group) => group === 0) && (groups[5] === 0xffff || groups[5] === 0)) {
    if (groups[5] === 0 && groups[6] === 0) return null; // :: and ::1 are IPv6 addresses of their own
    return quadOf(groups[6], groups[7]);
  }
  if (groups[0] === 0x2002) return quadOf(groups[1], groups[2]);
  return null;
}

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const inner = embeddedIPv4(address);
    if (inner && blocked.check(inner, "ipv4")) return true;
    return blocked.check(address, "ipv6");
  }
  return true;
}

// "10.0.0.5", "10.0.0.0/8", "fd00::/8": the allow-list entries an admin may write.
export function parseAllowEntry(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address, prefixText] = entry.trim().split("/");
  const version = net.isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  )
    return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

function allowedByList(address: string, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return false;
  const list = new net.BlockList();
  for (const entry of allowList) {
    const parsed = parseAllowEntry(entry);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const family = net.isIP(address) === 4 ? "ipv4" : "ipv6";
  const inner = family === "ipv6" ? embeddedIPv4(address) : null;
  return list.check(address, family) || (inner !== null && list.check(inner, "ipv4"));
}

export function mayConnect(address: string, policy: OutboundPolicy): boolean {
  return policy.allowPrivate || !isPrivateAddress(address) || allowedByList(address, policy.allowList);
}

const refusal = (host: string, address: string) =>
  `target: ${host} resolves to ${address}, a private, loopback or link-local address, which webhooks may not reach (an admin can allow it with TAKT_WEBHOOK_ALLOW_PRIVATE or TAKT_WEBHOOK_ALLOW_LIST)`;

export class RefusedTargetError extends Error {
  code = "ETAKTREFUSED";
}

async function resolveHost(host: string, policy: OutboundPolicy): Promise<string[]> {
  if (policy.resolve) return policy.resolve(host);
  return (await dns.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
}

// The URL's host without IPv6 brackets. WHATWG URL parsing already turned decimal, octal and hex IPv4 forms
// (http://2130706433/, http://0x7f.1/) into dotted quads, so a literal is checked in its one canonical form.
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

// Why a target is refused, or null when it may be used. Every address the name resolves to must be allowed.
// This is the early check that gives a readable 400; the connection itself is guarded again by guardedLookup.
export async function refuseTarget(
  target: string,
  policyOrAllowPrivate: OutboundPolicy | boolean,
): Promise<string | null> {
  const policy =
    typeof policyOrAllowPrivate === "boolean"
      ? { allowPrivate: policyOrAllowPrivate, allowList: [] }
      : policyOrAllowPrivate;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return "target: must be an absolute http or https URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "target: must be an http or https URL";
  if (url.username || url.password) return "target: must not carry credentials";
  if (policy.allowPrivate) return null;
  const host = hostOf(url);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolveHost(host, policy);
    } catch {
      return `target: the host ${host} could not be resolved`;
    }
  }
  if (addresses.length === 0) return `target: the host ${host} could not be resolved`;
  const refused = addresses.find((address) => !mayConnect(address, policy));
  return refused ? refusal(host, refused) : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

// A `lookup` for http(s).request / net.connect: the name is resolved here and every address checked, so the
// address that is checked is the address that is connected to (no second lookup a rebinding DNS could answer
// differently).
export function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolveHost(hostname, policy).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = addresses.filter((address) => !wanted || net.isIP(address) === wanted);
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = "ENOTFOUND";
          return callback(error, "");
        }
        const refused = addresses.find((address) => !mayConnect(address, policy));
        if (refused) return callback(new RefusedTargetError(refusal(hostname, refused)), "");
        if (options.all) {
          return callback(
            null,
            usable.map((address) => ({ address, family: net.isIP(address) })),
          );
        }
        return callback(null, usable[0], net.isIP(usable[0]));
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
}
