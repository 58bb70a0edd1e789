/**
 * A tiny fetch client for the API's `{ ok, … }` / `{ ok: false, error }` envelopes, for endpoints the Seam SDK has
 * no method for (Latchkey's own simulations) and for responses whose extra keys the SDK drops (`action_attempt`).
 */

export type Json = Record<string, unknown>

export interface ApiFailure {
  status: number
  type: string
  message: string
  body: Json
}

export interface ApiAnswer {
  status: number
  body: Json
}

export const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export class HttpClient {
  readonly #endpoint: string
  readonly #apiKey: string

  constructor(endpoint: string, apiKey: string) {
    this.#endpoint = endpoint
    this.#apiKey = apiKey
  }

  /** POSTs `body` as JSON and returns the status and the parsed envelope, whatever they are. */
  async call(path: string, body: Json = {}): Promise<ApiAnswer> {
    const response = await fetch(`${this.#endpoint}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new Error(`${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`)
    }
    if (!isJson(parsed))
      throw new Error(`${path} answered ${response.status} with a non-object body: ${text.slice(0, 500)}`)
    return { status: response.status, body: parsed }
  }

  /** The body of a successful call (200, `ok: true`); throws with the API's error otherwise. */
  async ok<T extends object = Json>(path: string, body: Json = {}): Promise<T & { ok: true }> {
    const answer = await this.call(path, body)
    if (answer.status !== 200 || answer.body.ok !== true) {
      throw new Error(`${path} ${JSON.stringify(body)} failed with ${answer.status}: ${JSON.stringify(answer.body)}`)
    }
    return answer.body as T & { ok: true }
  }

  /** The error of a call that must fail (`ok: false`); throws when it succeeded. */
  async fail(path: string, body: Json = {}): Promise<ApiFailure> {
    const answer = await this.call(path, body)
    if (answer.body.ok !== false)
      throw new Error(`${path} ${JSON.stringify(body)} was expected to fail but answered ${answer.status}`)
    const error = answer.body.error
    if (!isJson(error) || typeof error.type !== 'string' || typeof error.message !== 'string') {
      throw new Error(`${path} failed without a Seam error object: ${JSON.stringify(answer.body)}`)
    }
    return { status: answer.status, type: error.type, message: error.message, body: answer.body }
  }
}
