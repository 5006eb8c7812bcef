import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/**
 * Where a server inside may not be asked to go: anything but a public unicast address
 * (loopback, link-local with cloud metadata at 169.254.169.254, private, carrier NAT,
 * unique-local, multicast, and IPv6 forms that embed such an IPv4 address).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

export class PrivateAddress extends Error {
  readonly host: string;
  readonly address: string;
  constructor(host: string, address: string) {
    super(`${host} is at ${address}, a loopback, link-local or private address`);
    this.host = host;
    this.address = address;
  }
}

/** A URL's host as an address when it is one (`[::1]` → `::1`), else undefined. */
function literalAddress(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : undefined;
}

/** Every address a URL's host resolves to now. */
async function addressesOf(url: URL): Promise<string[]> {
  const literal = literalAddress(url);
  if (literal) return [literal];
  const found = await new Promise<LookupAddress[]>((resolve, reject) =>
    lookup(url.hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
  return found.map((entry) => entry.address);
}

/**
 * Refuses a URL whose host is, or resolves to, an address that is not public. Answers a reason
 * to show, or undefined when the URL may be fetched.
 */
export async function privateUrlReason(url: URL): Promise<string | undefined> {
  const addresses = await addressesOf(url).catch(() => undefined);
  if (!addresses || addresses.length === 0) return `${url.hostname} cannot be resolved`;
  const refused = addresses.find((address) => !isPublicAddress(address));
  return refused ? new PrivateAddress(url.hostname, refused).message : undefined;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The resolver of outbound connections: the addresses the connection will use are the ones
 * checked, so a name that resolves differently between a check and the connection (DNS
 * rebinding) still cannot reach inside.
 */
function publicLookup(hostname: string, options: LookupAllOptions | object, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(new PrivateAddress(hostname, refused.address), []);
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    const [first] = addresses as [LookupAddress];
    callback(null, first.address, first.family);
  });
}

const publicOnly = new Agent({ connect: { lookup: publicLookup } });

/**
 * `fetch` that reaches only public addresses: a literal address in the URL is checked here,
 * a name when the connection resolves it. Redirects are never followed.
 */
export async function publicFetch(url: string, options: RequestInit = {}): Promise<Response> {
  const literal = literalAddress(new URL(url));
  if (literal && !isPublicAddress(literal)) throw new PrivateAddress(new URL(url).hostname, literal);
  return fetch(url, { ...options, redirect: 'manual', dispatcher: publicOnly } as RequestInit);
}
