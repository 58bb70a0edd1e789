import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'
import { z } from 'zod'
import { authOperationsByPath } from '@/lib/api/auth-operations'
import type { ApiEnvironment } from '@/lib/api/environment'
import { handleApiRequest } from '@/lib/api/handle-request'
import { operationsByPath } from '@/lib/api/operations'

export interface TestApiServer {
  /** Base URL of the API, e.g. http://127.0.0.1:41234/api — what the Seam SDK takes as `endpoint`. */
  endpoint: string
  close(): Promise<void>
}

/** The error type the test server answers with when a success body does not match its operation's `output`. */
export const SCHEMA_MISMATCH = 'response_does_not_match_schema'

export const outputSchemaOf = (path: string): z.ZodType | undefined =>
  operationsByPath.get(path)?.output ?? authOperationsByPath.get(path)?.output

const mismatches: string[] = []

/** The mismatches found since the last call, which are then forgotten (for a test that makes one on purpose). */
export const takeSchemaMismatches = (): string[] => mismatches.splice(0)

function failOnMismatches(when: string): void {
  const found = takeSchemaMismatches()
  if (found.length > 0) {
    throw new Error(`${found.length} API response(s) did not match their output schema (${when}):\n${found.join('\n')}`)
  }
}

// A test that expected an error, or ignored the answer, must still fail: the 500 below is not enough on its own.
afterEach(() => failOnMismatches('seen after the test'))

function mismatchOf(schema: z.ZodType, text: string): string | undefined {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return `the body is not JSON: ${text.slice(0, 200)}`
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object'
  const { ok, ...rest } = body as Record<string, unknown>
  if (ok !== true) return `"ok" is ${JSON.stringify(ok)}, not true`
  const parsed = schema.safeParse(rest)
  return parsed.success ? undefined : z.prettifyError(parsed.error)
}

/**
 * Checks a 200 answer against the `output` schema of the operation at `path`. A mismatch is recorded (it fails the
 * running test in `afterEach`) and turned into a 500 `response_does_not_match_schema` carrying zod's issues, so
 * the request fails where it was made. Test-only: the app itself never validates its answers.
 */
export async function checkedResponse(path: string, response: Response): Promise<Response> {
  const schema = outputSchemaOf(path)
  if (response.status !== 200 || schema === undefined) return response
  // Read once (a serialized list arrives as a stream), then answer with the same bytes.
  const bytes = Buffer.from(await response.arrayBuffer())
  const mismatch = mismatchOf(schema, bytes.toString('utf8'))
  if (mismatch === undefined) return new Response(bytes, { status: response.status, headers: response.headers })
  mismatches.push(`${path}:\n${mismatch}`)
  const body = {
    error: { type: SCHEMA_MISMATCH, message: `${path} answered a body its output schema rejects:\n${mismatch}` },
    ok: false,
  }
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}

/**
 * Serves the API's real request handler (the one app/api/[...path]/route.ts calls) over HTTP on 127.0.0.1,
 * without building the Next.js app: API tests and the SDK talk to it like to the running app. Every success body
 * is checked against its operation's output schema (`checkedResponse`).
 */
export async function startTestApiServer(
  env: ApiEnvironment,
  /** A port of its own (to restart a server where its clients expect it); any free port by default. */
  options: { port?: number } = {},
): Promise<TestApiServer> {
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
        const response = await checkedResponse(apiPath, await handleApiRequest(request, apiPath, env))
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      })().catch((error: unknown) => {
        res.writeHead(599)
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}/api`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))
      failOnMismatches('seen outside a test, e.g. in beforeAll')
    },
  }
}
