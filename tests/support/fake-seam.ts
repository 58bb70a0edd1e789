import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createFake, type Fake } from '@seamapi/fake-seam-connect'

export interface FakeSeam {
  fake: Fake
  /** What the SDK takes as `endpoint`: the fake on 127.0.0.1. */
  endpoint: string
  workspaceId: string
  apiKey: string
  connectedAccountId: string
  /** Every request the fake received: path and JSON body, as Seam would get them from the SDK. */
  requests: { method: string; path: string; body: unknown }[]
  /** Makes the fake answer 503 on these routes (its simulated workspace outage), or on none again. */
  outage(routes: readonly string[]): void
  close(): Promise<void>
}

/**
 * @seamapi/fake-seam-connect, served on 127.0.0.1 on a random port. Its own startServer listens on every interface,
 * so while it starts, the server it creates is made to listen on the loopback address only (its handler is not
 * exported on its own). Seeded with one workspace, an API key and a connected account; add devices with addLock.
 */
export async function startFakeSeam(): Promise<FakeSeam> {
  const fake = await createFake()
  const requests: FakeSeam['requests'] = []
  const listen = http.Server.prototype.listen
  const created: http.Server[] = []
  http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
    created.push(this)
    const done = args.find((a): a is () => void => typeof a === 'function')
    return listen.call(this, { port: 0, host: '127.0.0.1' }, done)
  } as typeof listen
  try {
    await fake.startServer({ port: 0 })
  } finally {
    http.Server.prototype.listen = listen
  }
  const server = created[0]
  if (server === undefined) throw new Error('the fake did not create a server')
  server.prependListener('request', (req: http.IncomingMessage) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = null
      try {
        body = text === '' ? null : JSON.parse(text)
      } catch {
        body = text
      }
      requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', body })
    })
  })
  const port = (server.address() as AddressInfo).port
  const db = fake.database
  const workspace = db.addWorkspace({ name: 'Fake Seam workspace', is_sandbox: true })
  const apiKey = db.addApiKey({
    workspace_id: workspace.workspace_id,
    token: `seam_fake_${Math.random().toString(36).slice(2, 12)}`,
  })
  const account = db.addConnectedAccount({
    provider: 'august',
    workspace_id: workspace.workspace_id,
    user_identifier: { email: 'owner@example.com' },
  })
  return {
    fake,
    endpoint: `http://127.0.0.1:${port}`,
    workspaceId: workspace.workspace_id,
    apiKey: apiKey.token ?? '',
    connectedAccountId: account.connected_account_id,
    requests,
    outage(routes) {
      if (routes.length === 0) db.simulateWorkspaceOutageRecovery(workspace.workspace_id)
      else db.simulateWorkspaceOutage(workspace.workspace_id, { routes: [...routes] as never })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
