import 'server-only'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { createMultipleAccessCodes } from '@/lib/access-codes/create-multiple-access-codes'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { generateCodeForDevice } from '@/lib/access-codes/generate-code'
import {
  getAccessCode,
  listAccessCodesSerialized,
  listPendingRemovals,
  type SerializedResponse,
} from '@/lib/access-codes/list-access-codes'
import { updateAccessCode, updateMultipleAccessCodes } from '@/lib/access-codes/update-access-code'
import type { ServiceContext } from '@/lib/context'
import { getDevice, listDevices } from '@/lib/devices/list-devices'
import { reportDeviceConstraints } from '@/lib/devices/report-device-constraints'
import { updateDevice } from '@/lib/devices/update-device'
import { updateDeviceInput } from '@/lib/schemas/device-update'
import { getEvent, listEvents } from '@/lib/events/list-events'
import { explainAccessCode } from '@/lib/explain/explain-access-code'
import { revealCode } from '@/lib/access-codes/reveal-code'
import { revealCodeInput, revealCodeResponse } from '@/lib/schemas/reveal-code'
import { listProblemsSerialized } from '@/lib/problems/list-problems'
import * as accessCodes from '@/lib/schemas/access-code'
import { actionAttemptResponse, getActionAttemptInput } from '@/lib/schemas/action-attempt'
import * as apiKeys from '@/lib/schemas/api-key'
import { emptyResponse } from '@/lib/schemas/common'
import { getDeviceInput, getDeviceResponse, listDevicesInput, listDevicesResponse } from '@/lib/schemas/device'
import { getEventInput, getEventResponse, listEventsInput, listEventsResponse } from '@/lib/schemas/event'
import { listProblemsInput, listProblemsResponse } from '@/lib/schemas/problem'
import { explainAccessCodeInput, explainAccessCodeResponse } from '@/lib/schemas/explanation'
import { importStaysInput, importStaysResponse, MAX_IMPORT_BYTES } from '@/lib/schemas/stay'
import { importStays } from '@/lib/stays/import/import-stays'
import { checkCreateMultipleResponse } from '@/lib/schemas/lock-check'
import { checkCreateMultiple } from '@/lib/scheduling/check-multiple'
import * as stays from '@/lib/schemas/stay'
import { createStay, deleteStay, updateStay } from '@/lib/stays/change-stay'
import { getStay, listStays } from '@/lib/stays/get-stay'
import * as simulate from '@/lib/schemas/simulate'
import { listWorkspacesResponse } from '@/lib/schemas/workspace'
import { z } from 'zod'
import { createWorkspaceApiKey, listWorkspaceApiKeys, revokeWorkspaceApiKey } from '@/lib/auth/workspace-api-keys'
import { workspacesOf } from '@/lib/auth/users'
import { findWorkspace } from '@/lib/workspaces/list-workspaces'
import {
  convertToManaged,
  deleteUnmanagedAccessCode,
  listUnmanagedAccessCodes,
  loadUnmanagedAccessCode,
  toUnmanagedAccessCodeObject,
  updateUnmanagedAccessCode,
} from '@/lib/access-codes/unmanaged-access-codes'
import {
  simulateAccountConnection,
  simulateConnect,
  simulateDisconnect,
  simulateFailNextOperations,
  simulateRemove,
} from '@/lib/devices/simulate-device'
import { clearFaults, simulateFault } from '@/lib/devices/simulate-fault'
import {
  simulateCreateUnmanagedCode,
  simulateFillKeypad,
  simulateModifyOnKeypad,
  simulateRemoveFromKeypad,
} from '@/lib/devices/simulate-keypad'
import { simulateKeypadCodeEntry } from '@/lib/devices/simulate-keypad-entry'
import { connectSeam, disconnectSeam, seamConnectionStatus } from '@/lib/seam/connections'
import * as seamConnection from '@/lib/schemas/seam-connection'
import * as seamWorkspace from '@/lib/schemas/seam-workspace'
import { getSeamWorkspace, listSeamConnectedAccounts } from '@/lib/workspaces/seam-workspace'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { configuredSecretKey } from '@/lib/seam/secret-key'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type OperationResult = Record<string, unknown> | SerializedResponse

export const isSerialized = (result: OperationResult): result is SerializedResponse => result.kind === 'serialized'

/** A success body (without `ok`) is always a JSON object. */
export type OutputSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>

export interface Operation<S extends z.ZodType = z.ZodType, O extends OutputSchema = OutputSchema> {
  path: string
  methods: readonly HttpMethod[]
  input: S
  /** The success body without `ok`, as Seam's fake declares `jsonResponse`: the API tests check every answer. */
  output: O
  /**
   * `session`: only a signed-in workspace admin (not an API key) may call it. `admin`: an API key, or a signed-in
   * admin. Default: API key or session, any role.
   */
  auth?: 'any' | 'admin' | 'session'
  /** The largest request body it reads, when it takes more than the default 1 MB (a file). */
  maxBodyBytes?: number
  run(ctx: ServiceContext, input: z.output<S>): Promise<z.input<O> | SerializedResponse>
}

const operation = <S extends z.ZodType, O extends OutputSchema>(op: Operation<S, O>): Operation =>
  op as unknown as Operation

/** An endpoint (path, methods, input schema, service) that does its work and answers only `{ ok: true }`. */
const answersOk = <S extends z.ZodType>(
  path: string,
  methods: readonly HttpMethod[],
  input: S,
  work: (ctx: ServiceContext, input: z.output<S>) => Promise<unknown>,
): Operation =>
  operation({
    path,
    methods,
    input,
    output: emptyResponse,
    run: async (ctx, value) => {
      await work(ctx, value)
      return {}
    },
  })

const READ = ['GET', 'POST'] as const

/** A sandbox simulation: an API key may run it, and from the dashboard only an admin (members are refused). */
const simulation = (op: Operation): Operation => ({ ...op, auth: 'admin' })

/** Every endpoint of the API: path, the methods it answers (those Seam's SDK sends), its input schema, and its service. */
export const operations: readonly Operation[] = [
  operation({
    path: '/access_codes/create',
    methods: ['POST'],
    input: accessCodes.createAccessCodeInput,
    output: accessCodes.createAccessCodeResponse,
    run: (ctx, input) => createAccessCode(ctx, input),
  }),
  operation({
    path: '/access_codes/create_multiple',
    methods: ['POST', 'PUT'],
    input: accessCodes.createMultipleAccessCodesInput,
    output: accessCodes.accessCodesResponse,
    run: async (ctx, input) => ({ access_codes: await createMultipleAccessCodes(ctx, input) }),
  }),
  operation({
    path: '/access_codes/delete',
    methods: ['POST', 'DELETE'],
    input: accessCodes.deleteAccessCodeInput,
    output: accessCodes.accessCodeActionResponse,
    run: (ctx, input) => deleteAccessCode(ctx, input),
  }),
  operation({
    path: '/access_codes/generate_code',
    methods: READ,
    input: accessCodes.generateCodeInput,
    output: accessCodes.generateCodeResponse,
    run: async (ctx, input) => ({ generated_code: await generateCodeForDevice(ctx, input.device_id) }),
  }),
  operation({
    path: '/access_codes/get',
    methods: READ,
    input: accessCodes.getAccessCodeInput,
    output: accessCodes.accessCodeResponse,
    run: async (ctx, input) => ({ access_code: await getAccessCode(ctx, input) }),
  }),
  operation({
    path: '/access_codes/list',
    methods: READ,
    input: accessCodes.listAccessCodesInput,
    output: accessCodes.listAccessCodesResponse,
    run: (ctx, input) => listAccessCodesSerialized(ctx, input),
  }),
  operation({
    // Latchkey's own: deleted codes still being taken off the keypad (Seam's list hides them at once).
    path: '/access_codes/pending_removals/list',
    methods: READ,
    input: accessCodes.generateCodeInput,
    output: accessCodes.accessCodesResponse,
    run: async (ctx, input) => ({ access_codes: await listPendingRemovals(ctx, input.device_id) }),
  }),
  operation({
    path: '/access_codes/pull_backup_access_code',
    methods: ['POST'],
    input: accessCodes.pullBackupAccessCodeInput,
    output: accessCodes.pullBackupAccessCodeResponse,
    run: async (ctx, input) => {
      const backup = await pullBackupAccessCode(ctx, input.access_code_id)
      return { access_code: backup, backup_access_code: backup }
    },
  }),
  answersOk(
    '/access_codes/report_device_constraints',
    ['POST'],
    accessCodes.reportDeviceConstraintsInput,
    reportDeviceConstraints,
  ),
  operation({
    path: '/access_codes/update',
    methods: ['POST', 'PUT', 'PATCH'],
    input: accessCodes.updateAccessCodeInput,
    output: accessCodes.accessCodeActionResponse,
    run: (ctx, input) => updateAccessCode(ctx, input),
  }),
  answersOk(
    '/access_codes/update_multiple',
    ['POST', 'PATCH'],
    accessCodes.updateMultipleAccessCodesInput,
    updateMultipleAccessCodes,
  ),
  operation({
    path: '/action_attempts/get',
    methods: READ,
    input: getActionAttemptInput,
    output: actionAttemptResponse,
    run: async (ctx, input) => ({ action_attempt: await getActionAttempt(ctx, input.action_attempt_id) }),
  }),
  operation({
    path: '/devices/list',
    methods: READ,
    input: listDevicesInput,
    output: listDevicesResponse,
    run: (ctx, input) => listDevices(ctx, input),
  }),
  operation({
    path: '/devices/get',
    methods: READ,
    input: getDeviceInput,
    output: getDeviceResponse,
    run: async (ctx, input) => ({ device: await getDevice(ctx, input) }),
  }),
  // Renaming a lock and placing it in a property are the manager's: an API key, or a signed-in admin.
  { ...answersOk('/devices/update', ['POST', 'PATCH'], updateDeviceInput, updateDevice), auth: 'admin' },
  operation({
    path: '/events/list',
    methods: READ,
    input: listEventsInput,
    output: listEventsResponse,
    run: async (ctx, input) => ({ events: await listEvents(ctx, input) }),
  }),
  operation({
    path: '/events/get',
    methods: READ,
    input: getEventInput,
    output: getEventResponse,
    run: async (ctx, input) => {
      const event = await getEvent(ctx, input)
      return { event, message: '' }
    },
  }),

  // ---- the problems queue (Latchkey's own): what is wrong in the workspace now, most urgent first
  operation({
    path: '/problems/list',
    methods: READ,
    input: listProblemsInput,
    output: listProblemsResponse,
    run: (ctx, input) => listProblemsSerialized(ctx, input),
  }),

  // ---- a PIN for a dashboard member, who sees them masked elsewhere (Latchkey's own); each reveal is an event
  operation({
    path: '/access_codes/reveal_code',
    methods: ['POST'],
    input: revealCodeInput,
    output: revealCodeResponse,
    run: (ctx, input) => revealCode(ctx, input),
  }),

  // ---- why a code does or does not open the door (Latchkey's own; deleted codes still being removed too)
  operation({
    path: '/access_codes/explain',
    methods: READ,
    input: explainAccessCodeInput,
    output: explainAccessCodeResponse,
    run: async (ctx, input) => ({ explanation: await explainAccessCode(ctx, input.access_code_id) }),
  }),

  // ---- the bulk page's check (Latchkey's own): what create_multiple would do on each lock, before anything is sent
  operation({
    path: '/access_codes/create_multiple/check',
    methods: ['POST'],
    input: accessCodes.createMultipleAccessCodesInput,
    output: checkCreateMultipleResponse,
    run: (ctx, input) => checkCreateMultiple(ctx, input),
  }),

  // ---- a CSV of stays (Latchkey's own): previewed with dry_run, then imported row by row
  operation({
    path: '/stays/import',
    methods: ['POST'],
    // JSON escaping of quotes and line ends makes the body larger than the CSV text itself.
    maxBodyBytes: 2 * MAX_IMPORT_BYTES,
    input: importStaysInput,
    output: importStaysResponse,
    run: (ctx, input) => importStays(ctx, input),
  }),

  // ---- stays (Latchkey's own): one guest's codes on several doors, kept together; every write takes dry_run
  operation({
    path: '/stays/create',
    methods: ['POST'],
    input: stays.createStayInput,
    output: stays.stayWriteResponse,
    run: (ctx, input) => createStay(ctx, input),
  }),
  operation({
    path: '/stays/get',
    methods: READ,
    input: stays.getStayInput,
    output: stays.stayResponse,
    run: async (ctx, input) => ({ stay: await getStay(ctx, input) }),
  }),
  operation({
    path: '/stays/list',
    methods: READ,
    input: stays.listStaysInput,
    output: stays.listStaysResponse,
    run: (ctx, input) => listStays(ctx, input),
  }),
  operation({
    path: '/stays/update',
    methods: ['POST', 'PATCH'],
    input: stays.updateStayInput,
    output: stays.stayWriteResponse,
    run: (ctx, input) => updateStay(ctx, input),
  }),
  operation({
    path: '/stays/delete',
    methods: ['POST', 'DELETE'],
    input: stays.deleteStayInput,
    output: stays.stayWriteResponse,
    run: (ctx, input) => deleteStay(ctx, input),
  }),

  // ---- Seam's workspace and account reads (another Latchkey can use this one as its Seam: issue 14)
  operation({
    path: '/workspaces/get',
    methods: READ,
    input: z.strictObject({}),
    output: seamWorkspace.getWorkspaceResponse,
    run: (ctx) => getSeamWorkspace(ctx),
  }),
  operation({
    path: '/connected_accounts/list',
    methods: READ,
    input: z.object({}),
    output: seamWorkspace.listConnectedAccountsResponse,
    run: (ctx) => listSeamConnectedAccounts(ctx),
  }),

  // ---- workspaces and their API keys (keys are managed by signed-in admins only)
  operation({
    path: '/workspaces/list',
    methods: READ,
    input: z.strictObject({}),
    output: listWorkspacesResponse,
    run: async (ctx) => {
      if (ctx.userId !== undefined) return { workspaces: await workspacesOf(ctx.db, ctx.userId) }
      const workspace = await findWorkspace(ctx.db, ctx.workspaceId)
      return { workspaces: workspace === undefined ? [] : [workspace] }
    },
  }),
  operation({
    path: '/api_keys/list',
    methods: READ,
    auth: 'session',
    input: z.strictObject({}),
    output: apiKeys.listApiKeysResponse,
    run: async (ctx) => ({ api_keys: await listWorkspaceApiKeys(ctx) }),
  }),
  operation({
    path: '/api_keys/create',
    methods: ['POST'],
    auth: 'session',
    input: apiKeys.createApiKeyInput,
    output: apiKeys.createApiKeyResponse,
    run: (ctx, input) => createWorkspaceApiKey(ctx, input.name),
  }),
  operation({
    path: '/api_keys/revoke',
    methods: ['POST'],
    auth: 'session',
    input: apiKeys.revokeApiKeyInput,
    output: apiKeys.revokeApiKeyResponse,
    run: async (ctx, input) => ({ api_key: await revokeWorkspaceApiKey(ctx, input.api_key_id) }),
  }),

  // ---- unmanaged codes
  operation({
    path: '/access_codes/unmanaged/list',
    methods: READ,
    input: accessCodes.listUnmanagedAccessCodesInput,
    output: accessCodes.listUnmanagedAccessCodesResponse,
    run: (ctx, input) => listUnmanagedAccessCodes(ctx, input),
  }),
  operation({
    path: '/access_codes/unmanaged/get',
    methods: READ,
    input: accessCodes.getUnmanagedAccessCodeInput,
    output: accessCodes.unmanagedAccessCodeResponse,
    run: async (ctx, input) => ({
      access_code: toUnmanagedAccessCodeObject(await loadUnmanagedAccessCode(ctx, input)),
    }),
  }),
  answersOk(
    '/access_codes/unmanaged/convert_to_managed',
    ['POST', 'PATCH'],
    accessCodes.convertUnmanagedAccessCodeInput,
    convertToManaged,
  ),
  answersOk(
    '/access_codes/unmanaged/update',
    ['POST', 'PATCH'],
    accessCodes.updateUnmanagedAccessCodeInput,
    updateUnmanagedAccessCode,
  ),
  operation({
    path: '/access_codes/unmanaged/delete',
    methods: ['POST', 'DELETE'],
    input: accessCodes.deleteUnmanagedAccessCodeInput,
    output: accessCodes.accessCodeActionResponse,
    run: (ctx, input) => deleteUnmanagedAccessCode(ctx, input.access_code_id),
  }),

  // ---- the workspace's Seam connection (issue 14): admins only; the key is never answered back
  operation({
    path: '/seam/connect',
    methods: ['POST'],
    auth: 'admin',
    input: seamConnection.seamConnectInput,
    output: seamConnection.seamConnectionResponse,
    run: async (ctx, input) => ({
      seam_connection: await connectSeam(ctx, input, {
        sync: (c) => syncSeamLocks(c.db, c.clock, c.workspaceId, configuredSecretKey()),
      }),
    }),
  }),
  operation({
    path: '/seam/disconnect',
    methods: ['POST'],
    auth: 'admin',
    input: z.strictObject({}),
    output: seamConnection.seamDisconnectResponse,
    run: (ctx) => disconnectSeam(ctx),
  }),
  operation({
    path: '/seam/status',
    methods: READ,
    input: z.strictObject({}),
    output: seamConnection.seamConnectionResponse,
    run: async (ctx) => ({ seam_connection: await seamConnectionStatus(ctx) }),
  }),

  // ---- sandbox simulations: Seam's paths, then Latchkey's own
  simulation(
    answersOk('/devices/simulate/disconnect', ['POST'], simulate.simulateDeviceInput, (ctx, input) =>
      simulateDisconnect(ctx, input.device_id),
    ),
  ),
  simulation(
    answersOk('/devices/simulate/connect', ['POST'], simulate.simulateDeviceInput, (ctx, input) =>
      simulateConnect(ctx, input.device_id),
    ),
  ),
  simulation(
    answersOk('/devices/simulate/remove', ['POST'], simulate.simulateDeviceInput, (ctx, input) =>
      simulateRemove(ctx, input.device_id),
    ),
  ),
  simulation(
    operation({
      path: '/access_codes/simulate/create_unmanaged_access_code',
      methods: ['POST'],
      input: simulate.simulateCreateUnmanagedInput,
      output: accessCodes.unmanagedAccessCodeResponse,
      run: async (ctx, input) => ({ access_code: await simulateCreateUnmanagedCode(ctx, input) }),
    }),
  ),
  simulation(
    operation({
      path: '/devices/simulate/fill_keypad',
      methods: ['POST'],
      input: simulate.simulateDeviceInput,
      output: simulate.simulateFillKeypadResponse,
      run: (ctx, input) => simulateFillKeypad(ctx, input.device_id),
    }),
  ),
  simulation(
    answersOk(
      '/devices/simulate/fail_next_operations',
      ['POST'],
      simulate.simulateFailNextOperationsInput,
      simulateFailNextOperations,
    ),
  ),
  simulation(answersOk('/devices/simulate/fault', ['POST'], simulate.simulateFaultInput, simulateFault)),
  simulation(
    answersOk('/devices/simulate/clear_faults', ['POST'], simulate.simulateDeviceInput, (ctx, input) =>
      clearFaults(ctx, input.device_id),
    ),
  ),
  simulation(
    answersOk(
      '/access_codes/simulate/modify_on_keypad',
      ['POST'],
      simulate.simulateModifyOnKeypadInput,
      simulateModifyOnKeypad,
    ),
  ),
  simulation(
    answersOk(
      '/access_codes/simulate/remove_from_keypad',
      ['POST'],
      simulate.simulateRemoveFromKeypadInput,
      (ctx, input) => simulateRemoveFromKeypad(ctx, input.access_code_id),
    ),
  ),
  simulation(
    operation({
      path: '/devices/simulate/keypad_code_entry',
      methods: ['POST'],
      input: simulate.simulateKeypadCodeEntryInput,
      output: simulate.simulateKeypadCodeEntryResponse,
      run: async (ctx, input) => ({ keypad_code_entry: await simulateKeypadCodeEntry(ctx, input) }),
    }),
  ),
  simulation(
    answersOk(
      '/connected_accounts/simulate/disconnect',
      ['POST'],
      simulate.simulateConnectedAccountInput,
      (ctx, input) => simulateAccountConnection(ctx, input.connected_account_id, false),
    ),
  ),
  simulation(
    answersOk('/connected_accounts/simulate/connect', ['POST'], simulate.simulateConnectedAccountInput, (ctx, input) =>
      simulateAccountConnection(ctx, input.connected_account_id, true),
    ),
  ),
]

export const operationsByPath: ReadonlyMap<string, Operation> = new Map(operations.map((op) => [op.path, op]))
