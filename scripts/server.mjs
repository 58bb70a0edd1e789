// @ts-check
// `npm start`: the built app on 127.0.0.1, through Next's custom-server API. Pages, build files and everything else go
// to Next (proxy.ts and its CSP nonce included); /api/* goes straight to the API's request handler from node:http
// (lib/server/node-api.ts, published by instrumentation.ts's register(), which Next runs in prepare()), saving Next's
// route layer on every API request and gzipping cacheable answers once per ETag. `next dev` keeps using
// app/api/[...path]/route.ts, as does this server if the handler was not published.
//
//   node scripts/server.mjs [--port 3000] [--hostname 127.0.0.1]     (PORT is read too)
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import next from 'next'

/** @param {string[]} names */
function option(...names) {
  const args = process.argv.slice(2)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    for (const name of names) {
      if (arg === name) return args[i + 1]
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1)
    }
  }
  return undefined
}

const port = Number(option('--port', '-p') ?? process.env.PORT ?? 3000)
// Not $HOSTNAME: containers set it to the machine's name. 127.0.0.1 unless asked otherwise.
const hostname = option('--hostname', '-H') ?? '127.0.0.1'
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Not a port: ${String(port)}`)
  process.exit(1)
}
// @ts-expect-error -- NODE_ENV is typed read-only; a custom server sets it, as `next start` does.
process.env.NODE_ENV = 'production'
// The instance's name (`<host>/web:<PORT>`, lib/sync) reads it, as under `next start --port`.
process.env.PORT = String(port)

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const app = next({ dev: false, dir, hostname, port })
const nextHandler = app.getRequestHandler()
await app.prepare()

/**
 * The handler register() published (looked up per request: Next may run register() after prepare() returns; until
 * then, and if it never does, Next's route serves the API).
 * @returns {((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined}
 */
const apiHandler = () => /** @type {any} */ (globalThis).__latchkeyNodeApi

const server = http.createServer((req, res) => {
  const api = req.url?.startsWith('/api/') === true ? apiHandler() : undefined
  if (api !== undefined) api(req, res)
  else void nextHandler(req, res)
})
// As `next start`: idle keep-alive connections are kept a little longer than the usual proxy's 60 s.
server.keepAliveTimeout = 65_000
server.listen(port, hostname, () => {
  console.log(`▲ Latchkey (production) on http://${hostname}:${port}`)
})

/** Stops on SIGTERM / SIGINT as `next start` does: no new connections, then exit. */
function stop() {
  server.close(() => process.exit(0))
  server.closeIdleConnections()
  setTimeout(() => process.exit(0), 5_000).unref()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
