import 'server-only'

/**
 * What the API reads of a request and what it answers, without the web platform's Request and Response: the route
 * (app/api/[...path]/route.ts, `next dev`) hands it a web Request and turns the answer into a Response; the node
 * server (lib/server/node-api.ts, `npm start`) hands it the node request's own fields and writes the answer straight
 * to the socket. Building a web Request and Response only to take them apart again cost ~0.1 ms of CPU a request.
 */
export interface ApiRequest {
  readonly method: string
  /** The absolute URL. */
  readonly url: string
  readonly headers: { get(name: string): string | null }
  /** The body as a stream, when it was not read beforehand. */
  readonly body: ReadableStream<Uint8Array> | null
  /** The whole body, when the server read it before calling (a small body with a declared length). */
  readonly bodyBytes?: Uint8Array
}

export interface ApiAnswer {
  status: number
  /** Header names in lower case; `set-cookie` goes in `cookies`. */
  headers: Record<string, string>
  cookies: string[]
  /** JSON text, or bytes (a list's cached body, sent as it is); null for a 304. */
  body: string | Uint8Array | null
}
