// The comparison server for `npm run bench`: @seamapi/fake-seam-connect (Seam's own in-memory fake), seeded with a
// sandbox workspace of locks that program online access codes, and served on 127.0.0.1 only.
//
// Run as its own process (node --import tsx bench/fake-server.ts <port> <devices>); it prints one JSON line
// {"ready":true,"port","apiKey","deviceIds"} on stdout once it listens, and stops on SIGTERM.
import http from 'node:http'
import { createFake } from '@seamapi/fake-seam-connect'

const FAKE_API_KEY = 'seam_bench_fake_key'

type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void

/**
 * The fake's own `startServer` builds an http.Server and listens on every interface. Its request handler is what we
 * want: while startServer runs, `listen` is replaced so that the server it builds never binds a socket; its request
 * listener is taken and served by a server of ours on 127.0.0.1.
 */
async function fakeRequestHandler(start: () => Promise<unknown>): Promise<RequestListener> {
  const original = http.Server.prototype.listen
  let captured: RequestListener | undefined
  http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
    const [listener] = this.listeners('request') as RequestListener[]
    captured = listener
    const callback = args.find((a): a is () => void => typeof a === 'function')
    if (callback !== undefined) process.nextTick(callback)
    return this
  } as typeof http.Server.prototype.listen
  try {
    await start()
  } finally {
    http.Server.prototype.listen = original
  }
  if (captured === undefined) throw new Error("could not take the fake's request handler")
  return captured
}

async function main(): Promise<void> {
  const port = Number(process.argv[2])
  const deviceCount = Number(process.argv[3] ?? 60)
  if (!Number.isInteger(port) || port <= 0) throw new Error('usage: fake-server.ts <port> <devices>')
  if (!Number.isInteger(deviceCount) || deviceCount < 1 || deviceCount > 1_000)
    throw new Error('devices must be a whole number from 1 to 1000')

  const fake = await createFake()
  const db = fake.database
  const workspace = db.addWorkspace({ name: 'Bench', is_sandbox: true })
  db.addApiKey({ name: 'Bench', token: FAKE_API_KEY, workspace_id: workspace.workspace_id })
  const account = db.addConnectedAccount({
    provider: 'august',
    workspace_id: workspace.workspace_id,
    user_identifier: { email: 'bench@example.com' },
  })
  const deviceIds: string[] = []
  for (let i = 0; i < deviceCount; i++) {
    const device = db.addDevice({
      connected_account_id: account.connected_account_id,
      device_type: 'august_lock',
      name: `Bench lock ${i + 1}`,
      workspace_id: workspace.workspace_id,
      can_remotely_lock: true,
      can_remotely_unlock: true,
      can_program_online_access_codes: true,
      properties: { name: `Bench lock ${i + 1}`, manufacturer: 'august', locked: true },
    })
    deviceIds.push(device.device_id)
  }

  // A port of its own for the captured server (it never listens); baseUrl is what the fake writes into its links.
  const handler = await fakeRequestHandler(() => fake.startServer({ port: 1, baseUrl: `http://127.0.0.1:${port}` }))
  const server = http.createServer(handler)
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const stop = (): void => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
    setTimeout(() => process.exit(0), 2_000).unref()
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  process.stdout.write(`${JSON.stringify({ ready: true, port, apiKey: FAKE_API_KEY, deviceIds })}\n`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
