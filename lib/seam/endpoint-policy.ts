import 'server-only'
import dns from 'node:dns'
import net from 'node:net'

// Which Seam endpoints a workspace admin may name. The server calls that URL with the workspace's key, on every poll:
// left open, an admin could make Latchkey call anything it can reach (SSRF) — the cloud metadata service, a database
// port, an internal admin page — and read reachability from the answers. So: https only; http and private addresses
// only on loopback (tests, a self-hosted Seam on the same host) or on an origin the operator lists in
// SEAM_ALLOWED_ENDPOINTS; link-local addresses (169.254.0.0/16, where the metadata services live) never.

const LINK_LOCAL = new net.BlockList()
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4')
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6')
// AWS's metadata service over IPv6.
LINK_LOCAL.addAddress('fd00:ec2::254', 'ipv6')

const LOOPBACK = new net.BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/** Addresses that are not the public internet: private networks, carrier NAT, unique-local, unspecified, multicast. */
const NOT_PUBLIC = new net.BlockList()
for (const [subnet, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(subnet, prefix, 'ipv4')
NOT_PUBLIC.addSubnet('fc00::', 7, 'ipv6')
NOT_PUBLIC.addSubnet('ff00::', 8, 'ipv6')
NOT_PUBLIC.addAddress('::', 'ipv6')

const LINK_LOCAL_MESSAGE =
  'must not point at a link-local address (169.254.0.0/16, fe80::/10): that is where cloud metadata services answer'
const HTTPS_MESSAGE =
  'must use https:// (http:// only for 127.0.0.1, ::1 and localhost, or an origin listed in SEAM_ALLOWED_ENDPOINTS)'
const PRIVATE_MESSAGE =
  'must not point at a private network address unless its origin is listed in SEAM_ALLOWED_ENDPOINTS'

/** The bare address of a URL's hostname when it is an IP literal (`[::1]` → `::1`, `::ffff:a.b.c.d` → `a.b.c.d`). */
function ipOf(hostname: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1')
  const version = net.isIP(bare)
  if (version === 0) return undefined
  if (version === 6) {
    // IPv4-mapped IPv6 (::ffff:169.254.169.254, which the URL parser writes ::ffff:a9fe:a9fe): judged as IPv4.
    const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(bare)
    if (mapped?.[1] !== undefined) return { address: mapped[1], family: 'ipv4' }
    if (mapped?.[2] !== undefined && mapped[3] !== undefined) {
      const high = parseInt(mapped[2], 16)
      const low = parseInt(mapped[3], 16)
      return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), family: 'ipv4' }
    }
    return { address: bare, family: 'ipv6' }
  }
  return { address: bare, family: 'ipv4' }
}

const isLoopbackName = (hostname: string): boolean => {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  const ip = ipOf(name)
  return ip !== undefined && LOOPBACK.check(ip.address, ip.family)
}

/**
 * SEAM_ALLOWED_ENDPOINTS: a comma-separated list of origins (`scheme://host[:port]`) an admin may name beyond the
 * defaults, e.g. `http://seam.internal:8080,https://10.0.0.5`. Throws on an entry that is not an http(s) origin or
 * that is link-local (refused whatever the list says).
 */
export function parseAllowedOrigins(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return []
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      let url: URL
      try {
        url = new URL(entry)
      } catch {
        throw new Error(`"${entry}" is not a URL origin (like https://seam.example.com or http://10.0.0.5:8080)`)
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new Error(`"${entry}" must be an http:// or https:// origin`)
      if (url.username !== '' || url.password !== '' || !/^[a-z]+:\/\/[^/]+\/?$/i.test(entry))
        throw new Error(`"${entry}" must be an origin only (scheme, host and port; no path, query or credentials)`)
      const ip = ipOf(url.hostname)
      if (ip !== undefined && LINK_LOCAL.check(ip.address, ip.family))
        throw new Error(`"${entry}" is link-local (169.254.0.0/16, fe80::/10): never allowed`)
      return url.origin
    })
}

export interface EndpointVerdict {
  /** Why the endpoint is refused (a message for the `endpoint` field), or undefined when it may be used. */
  refusal?: string
  /** Whether the endpoint may resolve to private and loopback addresses (a loopback name, or an allowed origin). */
  privateAllowed: boolean
}

/** Judges an endpoint URL an admin gave, before anything is sent there. */
export function judgeEndpoint(url: URL, allowedOrigins: readonly string[]): EndpointVerdict {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { refusal: 'must be an http:// or https:// URL', privateAllowed: false }
  if (url.username !== '' || url.password !== '')
    return { refusal: 'must not carry credentials', privateAllowed: false }
  const ip = ipOf(url.hostname)
  if (ip !== undefined && LINK_LOCAL.check(ip.address, ip.family))
    return { refusal: LINK_LOCAL_MESSAGE, privateAllowed: false }
  if (allowedOrigins.includes(url.origin) || isLoopbackName(url.hostname)) return { privateAllowed: true }
  if (url.protocol !== 'https:') return { refusal: HTTPS_MESSAGE, privateAllowed: false }
  if (ip !== undefined && NOT_PUBLIC.check(ip.address, ip.family))
    return { refusal: PRIVATE_MESSAGE, privateAllowed: false }
  return { privateAllowed: false }
}

/** Why a resolved address must not be connected to, or undefined when it may. */
export function addressRefusal(address: string, privateAllowed: boolean): string | undefined {
  const ip = ipOf(address)
  if (ip === undefined) return undefined
  if (LINK_LOCAL.check(ip.address, ip.family))
    return `resolves to ${address}, a link-local address (169.254.0.0/16, fe80::/10, where cloud metadata services answer): never allowed`
  if (privateAllowed) return undefined
  if (LOOPBACK.check(ip.address, ip.family) || NOT_PUBLIC.check(ip.address, ip.family))
    return `resolves to ${address}, a private or loopback address: its origin must be listed in SEAM_ALLOWED_ENDPOINTS`
  return undefined
}

/** The error a guarded lookup fails a connection with; its code tells it from a network failure. */
export const ENDPOINT_ADDRESS_REFUSED = 'ERR_SEAM_ENDPOINT_ADDRESS'

export class EndpointAddressError extends Error {
  readonly code = ENDPOINT_ADDRESS_REFUSED
  constructor(message: string) {
    super(message)
    this.name = 'EndpointAddressError'
  }
}

export type LookupAll = (
  hostname: string,
  options: dns.LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses?: dns.LookupAddress[]) => void,
) => void

/**
 * A DNS lookup for the Seam client's connections that refuses addresses the endpoint may not reach, checked on every
 * connection (a name that resolved to a public address at connect time could point elsewhere later). IP literals
 * skip lookups: judgeEndpoint has judged those.
 */
export function guardedLookup(privateAllowed: boolean, resolve: LookupAll = dns.lookup as LookupAll) {
  return (
    hostname: string,
    options: dns.LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
  ): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null || addresses === undefined) return callback(error, '', 0)
      const refused = addresses.map((a) => addressRefusal(a.address, privateAllowed)).find((r) => r !== undefined)
      if (refused !== undefined) return callback(new EndpointAddressError(`${hostname} ${refused}`), '', 0)
      if (options.all === true) return callback(null, addresses)
      const first = addresses[0]
      if (first === undefined) return callback(new EndpointAddressError(`${hostname} did not resolve`), '', 0)
      callback(null, first.address, first.family)
    })
  }
}

/** Whether an error (as the SDK passes it on) is a connection the guarded lookup refused; its message if so. */
export function endpointAddressRefusal(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown }
  if (code === ENDPOINT_ADDRESS_REFUSED && typeof message === 'string') return message
  return cause === undefined || cause === error ? undefined : endpointAddressRefusal(cause)
}
