// /access_codes/explain as an endpoint: GET and POST, what it refuses (bad input, other workspaces' codes, codes it
// does not explain), and the code page's loader, which seeds the browser with exactly the API's answer.
import { describe, expect, it } from 'vitest'
import { loadCodePage } from '@/lib/dashboard/code-page'
import { explainAccessCodeResponse } from '@/lib/schemas/explanation'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { explain } from '@/tests/api/explain/explain-api'
import { HttpClient, isJson, type ApiAnswer } from '@/tests/support/http-client'
import {
  DAY,
  HOUR,
  advance,
  at,
  clock,
  createCode,
  deleteCode,
  deviceOf,
  http,
  seam,
  server,
  settle,
  store,
  workspace,
} from '@/tests/support/simulation-api'

const UNKNOWN_ID = '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'

function errorOf(answer: ApiAnswer): { status: number; type: unknown; fields: string[] } {
  const error = answer.body.error
  if (!isJson(error)) throw new Error(`no error envelope: ${JSON.stringify(answer.body)}`)
  expect(answer.body.ok).toBe(false)
  expect(typeof error.message).toBe('string')
  const validation = error.validation_errors
  return {
    status: answer.status,
    type: error.type,
    fields: isJson(validation) ? Object.keys(validation).filter((k) => k !== '_errors') : [],
  }
}

describe('/access_codes/explain', () => {
  it('answers GET with a query string as POST does', async () => {
    const { access_code } = await createCode({ device_id: deviceOf('lockly'), name: 'Cleaner', code: '615243' })
    await settle()
    const posted = await explain(access_code.access_code_id)
    const response = await fetch(
      `${server.endpoint}/access_codes/explain?access_code_id=${access_code.access_code_id}`,
      { headers: { authorization: `Bearer ${workspace.api_key}` } },
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown>
    expect(body.ok).toBe(true)
    expect(explainAccessCodeResponse.parse(body).explanation).toEqual(posted)
    expect(posted).toMatchObject({
      device_id: deviceOf('lockly'),
      device_name: 'Lockly lock',
      property_name: 'Simulations property',
      timezone: 'America/New_York',
      generated_at: clock.now().toISOString(),
    })
  })

  it('refuses bad input with 400 invalid_input naming the field', async () => {
    for (const body of [{}, { access_code_id: 'not-a-uuid' }, { access_code_id: 42 }, { access_code_id: null }])
      expect(errorOf(await http.call('/access_codes/explain', body))).toEqual({
        status: 400,
        type: 'invalid_input',
        fields: ['access_code_id'],
      })
    expect(
      errorOf(await http.call('/access_codes/explain', { access_code_id: UNKNOWN_ID, device_id: UNKNOWN_ID })),
    ).toEqual({ status: 400, type: 'invalid_input', fields: ['device_id'] })
  })

  it('does not find an unknown code, another workspace’s code, an unmanaged code or an unpulled backup', async () => {
    const other = await createWorkspace(store.db, clock, { name: 'Elsewhere', sandboxDevices: 1 })
    const otherClient = new HttpClient(server.endpoint, other.api_key)
    const { access_code: theirs } = await otherClient.ok<{ access_code: { access_code_id: string } }>(
      '/access_codes/create',
      { device_id: other.device_ids[0], name: 'Theirs', code: '4821' },
    )
    const deviceId = deviceOf('august')
    const unmanaged = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '73915',
      name: 'Owner',
    })
    const { access_code: stay } = await createCode({
      device_id: deviceId,
      name: 'Stay',
      starts_at: at(DAY),
      ends_at: at(2 * DAY),
      use_backup_access_code_pool: true,
    })
    await settle()
    const backup = await store.db
      .selectFrom('access_codes')
      .select('access_code_id')
      .where('device_id', '=', deviceId)
      .where('is_backup', '=', 1)
      .executeTakeFirstOrThrow()

    for (const id of [UNKNOWN_ID, theirs.access_code_id, unmanaged.access_code_id, backup.access_code_id])
      expect(errorOf(await http.call('/access_codes/explain', { access_code_id: id }))).toEqual({
        status: 404,
        type: 'access_code_not_found',
        fields: [],
      })
    // Their own key explains theirs.
    const { explanation } = await otherClient.ok<{ explanation: { access_code_id: string } }>('/access_codes/explain', {
      access_code_id: theirs.access_code_id,
    })
    expect(explanation.access_code_id).toBe(theirs.access_code_id)
    expect((await explain(stay.access_code_id)).situation).toBe('scheduled_on_lock')
  })

  it('explains a deleted code only while it is being taken off the lock', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Gone', code: '615243' })
    await settle()
    await deleteCode(access_code.access_code_id)
    const removing = await explain(access_code.access_code_id)
    expect(removing).toMatchObject({ is_deleted: true, status: 'removing', situation: 'being_removed' })
    await settle()
    expect(errorOf(await http.call('/access_codes/explain', { access_code_id: access_code.access_code_id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
      fields: [],
    })
  })
})

describe('the code page', () => {
  it('carries the explanation /access_codes/explain answers at the same moment', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Chen stay',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    await settle()
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await advance(HOUR)
    const page = await loadCodePage(
      { db: store.db, clock, workspaceId: workspace.workspace_id },
      access_code.access_code_id,
    )
    expect(page.explanation).toEqual(await explain(access_code.access_code_id))
    expect(page.explanation.situation).toBe('lock_unreachable')
  })
})
