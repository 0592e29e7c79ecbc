/**
 * Where a tenant file may point the Visma.net client. The token request carries the client id
 * and secret, so an endpoint decides who receives them:
 *
 * - by default only `https://` on Visma's own hosts (`*.visma.net`, `*.visma.com`);
 * - any other host only with `visma.allowCustomEndpoint: true`, a visible line a reviewer sees;
 * - plain `http://` only to this machine (the demo and test sandboxes on loopback), and then
 *   also only with that flag;
 * - never a link-local address (169.254.169.254 is the cloud metadata service) or a private or
 *   reserved one (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, …), flag or not.
 *
 * Host names are checked as written: a public name that resolves to a private address is not
 * caught here, which is why anything but Visma's hosts needs the explicit flag.
 */
import { BlockList, isIP } from "node:net";

const VISMA_HOST = /(^|\.)visma\.(net|com)$/;

function blockList(ranges: Array<[string, number]>): BlockList {
  const list = new BlockList();
  for (const [address, prefix] of ranges) list.addSubnet(address, prefix, isIP(address) === 6 ? "ipv6" : "ipv4");
  return list;
}

const LOOPBACK = blockList([
  ["127.0.0.0", 8],
  ["::1", 128],
]);
const LINK_LOCAL = blockList([
  ["169.254.0.0", 16],
  ["fe80::", 10],
]);
const PRIVATE_OR_RESERVED = blockList([
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
  ["::", 128],
  ["fc00::", 7],
  ["ff00::", 8],
]);

type HostKind = "loopback" | "link-local" | "private" | "public-address" | "name";

function kindOf(host: string): HostKind {
  const family = isIP(host);
  if (family === 0) return host === "localhost" || host.endsWith(".localhost") ? "loopback" : "name";
  const type = family === 4 ? "ipv4" : "ipv6";
  // IPv4-mapped IPv6 addresses (::ffff:a9fe:a9fe) are checked as the IPv4 address they carry.
  if (LOOPBACK.check(host, type)) return "loopback";
  if (LINK_LOCAL.check(host, type)) return "link-local";
  if (PRIVATE_OR_RESERVED.check(host, type)) return "private";
  return "public-address";
}

/** What is wrong with `value` as a Visma.net endpoint of a tenant, or undefined. */
export function endpointProblem(value: string, allowCustomEndpoint: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "expected a URL such as https://api.finance.visma.net";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "expected an http(s) URL";
  if (url.username || url.password) {
    return "a URL must not carry a user name or password (the credentials are named by clientIdEnv and clientSecretEnv)";
  }
  // The URL parser has already turned 0x7f.1, 2130706433 and the like into dotted addresses.
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const kind = kindOf(host);
  const flag = "visma.allowCustomEndpoint: true";
  if (kind === "link-local") {
    return `${host} is a link-local address (such as the cloud metadata service); the client secret is never sent there`;
  }
  if (kind === "private") return `${host} is a private or reserved address; the client secret is never sent there`;
  if (url.protocol === "http:") {
    if (kind !== "loopback")
      return `plain http sends the client secret readable on the way; use https (http is allowed only to this machine, for the sandbox)`;
    return allowCustomEndpoint
      ? undefined
      : `${host} is this machine (the sandbox), not Visma.net; set ${flag} to use it`;
  }
  if (kind === "name" && VISMA_HOST.test(host)) return undefined;
  return allowCustomEndpoint
    ? undefined
    : `${host} is not a Visma.net host (*.visma.net, *.visma.com) and would receive the client secret; set ${flag} only for an endpoint you deliberately trust (a proxy you run, the sandbox)`;
}
