import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addressRefusal,
  ENDPOINT_ADDRESS_REFUSED,
  endpointAddressRefusal,
  guardedLookup,
  judgeEndpoint,
  parseAllowedOrigins,
  type LookupAll,
} from '@/lib/seam/endpoint-policy'
import { classifySeamError, createSeamClient } from '@/lib/seam/seam-client'

const judge = (url: string, allowed: readonly string[] = []) => judgeEndpoint(new URL(url), allowed)

/** A resolver that answers `address` for every name, as a DNS record pointing there would. */
const resolvesTo =
  (address: string, family = address.includes(':') ? 6 : 4): LookupAll =>
  (_hostname, _options, callback) =>
    callback(null, [{ address, family }])

describe('which Seam endpoints an admin may name', () => {
  it('takes https:// public hosts and loopback (http or https), with private addresses allowed only on loopback', () => {
    expect(judge('https://connect.getseam.com')).toEqual({ privateAllowed: false })
    expect(judge('https://93.184.216.34:8443')).toEqual({ privateAllowed: false })
    for (const loopback of [
      'http://127.0.0.1:4010',
      'http://localhost:3000/api',
      'http://[::1]:80',
      'https://127.9.9.9',
    ])
      expect(judge(loopback)).toEqual({ privateAllowed: true })
  })

  it('refuses http:// to anything but loopback, naming the way out', () => {
    expect(judge('http://connect.getseam.com').refusal).toMatch(/must use https:\/\/.*SEAM_ALLOWED_ENDPOINTS/)
    expect(judge('http://10.0.0.5').refusal).toMatch(/must use https/)
  })

  it('refuses private network addresses over https unless their origin is listed', () => {
    for (const url of [
      'https://10.1.2.3',
      'https://192.168.1.10',
      'https://172.20.0.1',
      'https://[fd12::1]',
      'https://0.0.0.0',
    ])
      expect(judge(url).refusal, url).toMatch(/private network address/)
    expect(judge('https://10.1.2.3', ['https://10.1.2.3'])).toEqual({ privateAllowed: true })
    expect(judge('http://seam.internal:8080/api', ['http://seam.internal:8080'])).toEqual({ privateAllowed: true })
    // The origin must match exactly: another port is another origin.
    expect(judge('http://seam.internal:8081', ['http://seam.internal:8080']).refusal).toMatch(/https/)
  })

  it('refuses link-local and metadata addresses always, however written and whatever the allow list says', () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'https://169.254.169.254',
      'http://2852039166', // 169.254.169.254 as one number: the URL parser normalises it
      'http://0xa9.0xfe.0xa9.0xfe',
      'http://[::ffff:169.254.169.254]',
      'http://[fe80::1]',
      'http://[fd00:ec2::254]',
    ])
      expect(judge(url, ['http://169.254.169.254', new URL(url).origin]).refusal, url).toMatch(/link-local/)
  })

  it('refuses other schemes and credentials in the URL', () => {
    expect(judge('file:///etc/passwd').refusal).toMatch(/http:\/\/ or https:\/\//)
    expect(judge('ftp://127.0.0.1').refusal).toMatch(/http:\/\/ or https:\/\//)
    expect(judge('https://user:pass@connect.getseam.com').refusal).toMatch(/credentials/)
  })
})

describe('SEAM_ALLOWED_ENDPOINTS', () => {
  it('is a comma list of origins', () => {
    expect(parseAllowedOrigins(undefined)).toEqual([])
    expect(parseAllowedOrigins(' ')).toEqual([])
    expect(parseAllowedOrigins('http://seam.internal:8080, https://10.0.0.5/ ,')).toEqual([
      'http://seam.internal:8080',
      'https://10.0.0.5',
    ])
  })

  it('refuses entries that are not origins, and link-local ones', () => {
    expect(() => parseAllowedOrigins('seam.internal')).toThrow(/not a URL origin/)
    expect(() => parseAllowedOrigins('https://seam.internal/api')).toThrow(/origin only/)
    expect(() => parseAllowedOrigins('ftp://seam.internal')).toThrow(/http:\/\/ or https:\/\//)
    expect(() => parseAllowedOrigins('http://169.254.169.254')).toThrow(/never allowed/)
  })
})

describe('the addresses a connection resolves to', () => {
  it('never link-local; private and loopback only when the endpoint allows them', () => {
    expect(addressRefusal('169.254.169.254', true)).toMatch(/link-local/)
    expect(addressRefusal('fe80::1', true)).toMatch(/link-local/)
    expect(addressRefusal('::ffff:169.254.169.254', true)).toMatch(/link-local/)
    expect(addressRefusal('10.0.0.5', false)).toMatch(/private or loopback/)
    expect(addressRefusal('127.0.0.1', false)).toMatch(/private or loopback/)
    expect(addressRefusal('10.0.0.5', true)).toBeUndefined()
    expect(addressRefusal('93.184.216.34', false)).toBeUndefined()
  })

  describe('over a real socket', () => {
    let server: http.Server
    let port: number
    beforeAll(async () => {
      server = http.createServer((_req, res) => res.end('{}'))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      port = (server.address() as AddressInfo).port
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    const get = (host: string, lookup: ReturnType<typeof guardedLookup>) =>
      new Promise<{ status?: number; code?: string }>((resolve) => {
        const req = http.get({ host, port, path: '/', lookup }, (res) => {
          res.resume()
          resolve({ status: res.statusCode })
        })
        req.on('error', (error: NodeJS.ErrnoException) => resolve({ code: error.code }))
      })

    it('Node connects through the guard: a name pointing at a refused address never gets a socket', async () => {
      // (Each test names its own host: Node's keep-alive pool would hand a later request this socket, unlooked-up.)
      expect(await get('seam-a.example', guardedLookup(false, resolvesTo('127.0.0.1')))).toEqual({
        code: ENDPOINT_ADDRESS_REFUSED,
      })
      expect(await get('seam-a.example', guardedLookup(true, resolvesTo('127.0.0.1')))).toEqual({ status: 200 })
    })

    it('the Seam client uses the guard: a public-looking name that resolves to 169.254.169.254 is refused', async () => {
      const seam = await createSeamClient('seam_test_key', `http://seam.example:${port}`, {
        allowedOrigins: [`http://seam.example:${port}`],
        resolve: resolvesTo('169.254.169.254'),
      })
      const error: unknown = await seam.workspaces.get().catch((e: unknown) => e)
      expect(endpointAddressRefusal(error)).toMatch(/seam\.example resolves to 169\.254\.169\.254, a link-local/)
      expect(classifySeamError(error, new Date())).toMatchObject({
        kind: 'unreachable',
        message: expect.stringMatching(/endpoint is refused/),
      })
      // The same name resolving to where the allow list points is reached.
      const allowed = await createSeamClient('seam_test_key', `http://seam.example:${port}`, {
        allowedOrigins: [`http://seam.example:${port}`],
        resolve: resolvesTo('127.0.0.1'),
      })
      const reached: unknown = await allowed.workspaces.get().catch((e: unknown) => e)
      expect(endpointAddressRefusal(reached)).toBeUndefined()
    })

    it('a stored endpoint the policy no longer allows is not called at all', async () => {
      let calls = 0
      server.once('request', () => calls++)
      const seam = await createSeamClient('seam_test_key', `http://seam.example:${port}`, {
        allowedOrigins: [],
        resolve: resolvesTo('127.0.0.1'),
      })
      const error: unknown = await seam.workspaces.get().catch((e: unknown) => e)
      expect(endpointAddressRefusal(error)).toMatch(/must use https/)
      expect(classifySeamError(error, new Date())).toMatchObject({ kind: 'unreachable' })
      expect(calls).toBe(0)
    })
  })
})
