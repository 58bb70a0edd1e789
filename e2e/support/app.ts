import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test'
import type { AccessCode } from '@/lib/schemas/access-code'
import { CLIENT_HEADER, WORKSPACE_HEADER } from '@/lib/shared/request-headers'

/** The demo user scripts/seed-demo.ts creates; scripts/e2e-server.sh gives it this password. */
export const DEMO_EMAIL = 'demo@latchkey.test'
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'e2e-demo-password'
export const DEMO_WORKSPACE = 'Demo Rentals'

/** The dashboard's own headers: cookie-authenticated writes without them are refused as cross-site. */
const dashboardHeaders = (workspaceId?: string): Record<string, string> => ({
  [CLIENT_HEADER]: 'dashboard',
  ...(workspaceId === undefined ? {} : { [WORKSPACE_HEADER]: workspaceId }),
})

interface DeviceSummary {
  device_id: string
  display_name: string
  properties: { online: boolean }
}

/**
 * The API as the signed-in dashboard calls it (session cookie of the page's browser context), for setting the scene
 * and checking what was stored. Journeys act through the UI; this is for what a person cannot see on screen.
 */
export class LatchkeyApi {
  constructor(
    private readonly request: APIRequestContext,
    readonly workspaceId: string,
  ) {}

  async call<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    const response = await this.request.post(`/api${path}`, { data: body, headers: dashboardHeaders(this.workspaceId) })
    if (!response.ok()) throw new Error(`POST /api${path} answered HTTP ${response.status()}: ${await response.text()}`)
    return (await response.json()) as T
  }

  async device(displayName: string): Promise<DeviceSummary> {
    const { devices } = await this.call<{ devices: DeviceSummary[] }>('/devices/list', { limit: 100 })
    const device = devices.find((d) => d.display_name === displayName)
    if (device === undefined) throw new Error(`no lock named "${displayName}" in the demo workspace`)
    return device
  }

  async accessCode(accessCodeId: string): Promise<AccessCode> {
    return (await this.call<{ access_code: AccessCode }>('/access_codes/get', { access_code_id: accessCodeId }))
      .access_code
  }

  async codeNamed(deviceId: string, name: string): Promise<AccessCode> {
    const { access_codes } = await this.call<{ access_codes: AccessCode[] }>('/access_codes/list', {
      device_id: deviceId,
    })
    const code = access_codes.find((c) => c.name === name)
    if (code === undefined) throw new Error(`no code named "${name}" on lock ${deviceId}`)
    return code
  }

  async createCode(body: {
    device_id: string
    name: string
    code?: string
    starts_at?: string
    ends_at?: string
  }): Promise<AccessCode> {
    return (await this.call<{ access_code: AccessCode }>('/access_codes/create', body)).access_code
  }

  async setOnline(deviceId: string, online: boolean): Promise<void> {
    await this.call(online ? '/devices/simulate/connect' : '/devices/simulate/disconnect', { device_id: deviceId })
  }
}

export interface SignedIn {
  workspaceId: string
  api: LatchkeyApi
  /** A dashboard path inside the demo workspace: `at('/settings/api-keys')`. */
  at(path?: string): string
}

/** Signs the page's browser context in as the demo user, through the same endpoint the sign-in form posts to. */
export async function signIn(page: Page): Promise<SignedIn> {
  const response = await page.request.post('/api/auth/sign_in', {
    data: { email: DEMO_EMAIL, password: DEMO_PASSWORD },
    headers: dashboardHeaders(),
  })
  expect(response.status(), await response.text()).toBe(200)
  const { workspaces } = (await response.json()) as { workspaces: { workspace_id: string; name: string }[] }
  const workspace = workspaces.find((w) => w.name === DEMO_WORKSPACE)
  if (workspace === undefined) throw new Error(`the demo user is not in "${DEMO_WORKSPACE}"`)
  const workspaceId = workspace.workspace_id
  return { workspaceId, api: new LatchkeyApi(page.request, workspaceId), at: (path = '') => `/w/${workspaceId}${path}` }
}

/**
 * Journeys that start signed in as the demo user (`app`). Every journey also fails on an uncaught exception or a
 * console error in the page (a hydration mismatch, a crashed component): only the browser's own "Failed to load
 * resource" lines are let through, as journeys provoke 4xx answers from the API on purpose.
 */
export const test = base.extend<{ app: SignedIn; browserErrors: void }>({
  browserErrors: [
    async ({ page }, provide) => {
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          errors.push(`console.error: ${message.text()}`)
        }
      })
      await provide()
      expect(errors, `errors in the browser on ${page.url()}`).toEqual([])
    },
    { auto: true },
  ],
  // Named `provide`, not `use`: React's lint rules take a call to `use` for the React hook.
  app: async ({ page }, provide) => {
    await provide(await signIn(page))
  },
})

export { expect }

let counter = 0
/** A name no other journey (or an earlier run against the same server) uses. */
export function uniqueName(prefix: string): string {
  counter += 1
  return `${prefix} ${Date.now().toString(36).slice(-4)}${counter}`
}

/** The id at the end of a code page's URL. */
export function accessCodeIdFrom(page: Page): string {
  const match = /\/access-codes\/([0-9a-f-]{36})(?:\/|$)/.exec(new URL(page.url()).pathname)
  if (match?.[1] === undefined) throw new Error(`not on a code page: ${page.url()}`)
  return match[1]
}

/**
 * Marks the current document, so a journey can check later that what it saw arrived live rather than through a
 * reload (a reload or a full navigation would drop the mark).
 */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  const mark = `e2e-${Date.now()}-${Math.random()}`
  await page.evaluate((value) => {
    Reflect.set(window, '__e2eMark', value)
  }, mark)
  return async () => (await page.evaluate(() => Reflect.get(window, '__e2eMark') as unknown)) === mark
}
