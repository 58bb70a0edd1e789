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
import { getEvent, listEvents } from '@/lib/events/list-events'
import * as accessCodes from '@/lib/schemas/access-code'
import { getActionAttemptInput } from '@/lib/schemas/action-attempt'
import { getDeviceInput, listDevicesInput } from '@/lib/schemas/device'
import { getEventInput, listEventsInput } from '@/lib/schemas/event'
import * as simulate from '@/lib/schemas/simulate'
import { z } from 'zod'
import {
  createApiKeyInput,
  createWorkspaceApiKey,
  listWorkspaceApiKeys,
  revokeApiKeyInput,
  revokeWorkspaceApiKey,
} from '@/lib/auth/workspace-api-keys'
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
  simulateCreateUnmanagedCode,
  simulateDisconnect,
  simulateFailNextOperations,
  simulateFillKeypad,
  simulateModifyOnKeypad,
  simulateRemove,
  simulateRemoveFromKeypad,
} from '@/lib/locks/simulate'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type OperationResult = Record<string, unknown> | SerializedResponse

export interface Operation<S extends z.ZodType = z.ZodType> {
  path: string
  methods: readonly HttpMethod[]
  input: S
  /** Writes wake the in-process reconciler once they succeed. */
  writes?: boolean
  /** `session`: only a signed-in workspace admin (not an API key) may call it. Default: API key or session. */
  auth?: 'any' | 'session'
  run(ctx: ServiceContext, input: z.output<S>): Promise<OperationResult>
}

const operation = <S extends z.ZodType>(op: Operation<S>): Operation => op as unknown as Operation

const READ = ['GET', 'POST'] as const

/** Every endpoint of the API: path, the methods it answers (those Seam's SDK sends), its input schema, and its service. */
export const operations: readonly Operation[] = [
  operation({
    path: '/access_codes/create',
    writes: true,
    methods: ['POST'],
    input: accessCodes.createAccessCodeInput,
    run: (ctx, input) => createAccessCode(ctx, input),
  }),
  operation({
    path: '/access_codes/create_multiple',
    writes: true,
    methods: ['POST', 'PUT'],
    input: accessCodes.createMultipleAccessCodesInput,
    run: async (ctx, input) => ({ access_codes: await createMultipleAccessCodes(ctx, input) }),
  }),
  operation({
    path: '/access_codes/delete',
    writes: true,
    methods: ['POST', 'DELETE'],
    input: accessCodes.deleteAccessCodeInput,
    run: (ctx, input) => deleteAccessCode(ctx, input),
  }),
  operation({
    path: '/access_codes/generate_code',
    methods: READ,
    input: accessCodes.generateCodeInput,
    run: async (ctx, input) => ({ generated_code: await generateCodeForDevice(ctx, input.device_id) }),
  }),
  operation({
    path: '/access_codes/get',
    methods: READ,
    input: accessCodes.getAccessCodeInput,
    run: async (ctx, input) => ({ access_code: await getAccessCode(ctx, input) }),
  }),
  operation({
    path: '/access_codes/list',
    methods: READ,
    input: accessCodes.listAccessCodesInput,
    run: (ctx, input) => listAccessCodesSerialized(ctx, input),
  }),
  operation({
    // Latchkey's own: deleted codes still being taken off the keypad (Seam's list hides them at once).
    path: '/access_codes/pending_removals/list',
    methods: READ,
    input: accessCodes.generateCodeInput,
    run: async (ctx, input) => ({ access_codes: await listPendingRemovals(ctx, input.device_id) }),
  }),
  operation({
    path: '/access_codes/pull_backup_access_code',
    writes: true,
    methods: ['POST'],
    input: accessCodes.pullBackupAccessCodeInput,
    run: async (ctx, input) => {
      const backup = await pullBackupAccessCode(ctx, input.access_code_id)
      return { access_code: backup, backup_access_code: backup }
    },
  }),
  operation({
    path: '/access_codes/report_device_constraints',
    methods: ['POST'],
    input: accessCodes.reportDeviceConstraintsInput,
    run: async (ctx, input) => {
      await reportDeviceConstraints(ctx, input)
      return {}
    },
  }),
  operation({
    path: '/access_codes/update',
    writes: true,
    methods: ['POST', 'PUT', 'PATCH'],
    input: accessCodes.updateAccessCodeInput,
    run: (ctx, input) => updateAccessCode(ctx, input),
  }),
  operation({
    path: '/access_codes/update_multiple',
    writes: true,
    methods: ['POST', 'PATCH'],
    input: accessCodes.updateMultipleAccessCodesInput,
    run: async (ctx, input) => {
      await updateMultipleAccessCodes(ctx, input)
      return {}
    },
  }),
  operation({
    path: '/action_attempts/get',
    methods: READ,
    input: getActionAttemptInput,
    run: async (ctx, input) => ({ action_attempt: await getActionAttempt(ctx, input.action_attempt_id) }),
  }),
  operation({
    path: '/devices/list',
    methods: READ,
    input: listDevicesInput,
    run: (ctx, input) => listDevices(ctx, input),
  }),
  operation({
    path: '/devices/get',
    methods: READ,
    input: getDeviceInput,
    run: async (ctx, input) => ({ device: await getDevice(ctx, input) }),
  }),
  operation({
    path: '/events/list',
    methods: READ,
    input: listEventsInput,
    run: async (ctx, input) => ({ events: await listEvents(ctx, input) }),
  }),
  operation({
    path: '/events/get',
    methods: READ,
    input: getEventInput,
    run: async (ctx, input) => {
      const event = await getEvent(ctx, input)
      return { event, message: '' }
    },
  }),

  // ---- workspaces and their API keys (keys are managed by signed-in admins only)
  operation({
    path: '/workspaces/list',
    methods: READ,
    input: z.strictObject({}),
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
    run: async (ctx) => ({ api_keys: await listWorkspaceApiKeys(ctx) }),
  }),
  operation({
    path: '/api_keys/create',
    methods: ['POST'],
    auth: 'session',
    input: createApiKeyInput,
    run: (ctx, input) => createWorkspaceApiKey(ctx, input.name),
  }),
  operation({
    path: '/api_keys/revoke',
    methods: ['POST'],
    auth: 'session',
    input: revokeApiKeyInput,
    run: async (ctx, input) => ({ api_key: await revokeWorkspaceApiKey(ctx, input.api_key_id) }),
  }),

  // ---- unmanaged codes
  operation({
    path: '/access_codes/unmanaged/list',
    methods: READ,
    input: accessCodes.listUnmanagedAccessCodesInput,
    run: (ctx, input) => listUnmanagedAccessCodes(ctx, input),
  }),
  operation({
    path: '/access_codes/unmanaged/get',
    methods: READ,
    input: accessCodes.getUnmanagedAccessCodeInput,
    run: async (ctx, input) => ({
      access_code: toUnmanagedAccessCodeObject(await loadUnmanagedAccessCode(ctx, input)),
    }),
  }),
  operation({
    path: '/access_codes/unmanaged/convert_to_managed',
    methods: ['POST', 'PATCH'],
    writes: true,
    input: accessCodes.convertUnmanagedAccessCodeInput,
    run: async (ctx, input) => {
      await convertToManaged(ctx, input)
      return {}
    },
  }),
  operation({
    path: '/access_codes/unmanaged/update',
    methods: ['POST', 'PATCH'],
    writes: true,
    input: accessCodes.updateUnmanagedAccessCodeInput,
    run: async (ctx, input) => {
      await updateUnmanagedAccessCode(ctx, input)
      return {}
    },
  }),
  operation({
    path: '/access_codes/unmanaged/delete',
    methods: ['POST', 'DELETE'],
    writes: true,
    input: accessCodes.deleteUnmanagedAccessCodeInput,
    run: (ctx, input) => deleteUnmanagedAccessCode(ctx, input.access_code_id),
  }),

  // ---- sandbox simulations: Seam's paths, then Latchkey's own
  operation({
    path: '/devices/simulate/disconnect',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateDeviceInput,
    run: async (ctx, input) => {
      await simulateDisconnect(ctx, input.device_id)
      return {}
    },
  }),
  operation({
    path: '/devices/simulate/connect',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateDeviceInput,
    run: async (ctx, input) => {
      await simulateConnect(ctx, input.device_id)
      return {}
    },
  }),
  operation({
    path: '/devices/simulate/remove',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateDeviceInput,
    run: async (ctx, input) => {
      await simulateRemove(ctx, input.device_id)
      return {}
    },
  }),
  operation({
    path: '/access_codes/simulate/create_unmanaged_access_code',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateCreateUnmanagedInput,
    run: async (ctx, input) => ({ access_code: await simulateCreateUnmanagedCode(ctx, input) }),
  }),
  operation({
    path: '/devices/simulate/fill_keypad',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateDeviceInput,
    run: (ctx, input) => simulateFillKeypad(ctx, input.device_id),
  }),
  operation({
    path: '/devices/simulate/fail_next_operations',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateFailNextOperationsInput,
    run: async (ctx, input) => {
      await simulateFailNextOperations(ctx, input)
      return {}
    },
  }),
  operation({
    path: '/access_codes/simulate/modify_on_keypad',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateModifyOnKeypadInput,
    run: async (ctx, input) => {
      await simulateModifyOnKeypad(ctx, input)
      return {}
    },
  }),
  operation({
    path: '/access_codes/simulate/remove_from_keypad',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateRemoveFromKeypadInput,
    run: async (ctx, input) => {
      await simulateRemoveFromKeypad(ctx, input.access_code_id)
      return {}
    },
  }),
  operation({
    path: '/connected_accounts/simulate/disconnect',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateConnectedAccountInput,
    run: async (ctx, input) => {
      await simulateAccountConnection(ctx, input.connected_account_id, false)
      return {}
    },
  }),
  operation({
    path: '/connected_accounts/simulate/connect',
    methods: ['POST'],
    writes: true,
    input: simulate.simulateConnectedAccountInput,
    run: async (ctx, input) => {
      await simulateAccountConnection(ctx, input.connected_account_id, true)
      return {}
    },
  }),
]

export const operationsByPath: ReadonlyMap<string, Operation> = new Map(operations.map((op) => [op.path, op]))
