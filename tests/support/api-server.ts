import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { handleApiRequest, type ApiEnvironment } from '@/lib/api/handle-request'

export interface TestApiServer {
  /** Base URL of the API, e.g. http://127.0.0.1:41234/api — what the Seam SDK takes as `endpoint`. */
  endpoint: string
  close(): Promise<void>
}

/**
 * Serves the API's real request handler (the one app/api/[...path]/route.ts calls) over HTTP on 127.0.0.1,
 * without building the Next.js app: API tests and the SDK talk to it like to the running app.
 */
export async function startTestApiServer(env: ApiEnvironment): Promise<TestApiServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const headers = new Headers()
        for (const [key, value] of Object.entries(req.headers)) {
          if (typeof value === 'string') headers.set(key, value)
          else if (Array.isArray(value)) headers.set(key, value.join(', '))
        }
        const method = req.method ?? 'GET'
        const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks)
        const request = new Request(url, { method, headers, body })
        const apiPath = url.pathname.replace(/^\/api/, '')
        const response = await handleApiRequest(request, apiPath, env)
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      })().catch((error: unknown) => {
        res.writeHead(599)
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}/api`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }
}
