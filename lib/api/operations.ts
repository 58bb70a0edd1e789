import type { z } from 'zod'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { createMultipleAccessCodes } from '@/lib/access-codes/create-multiple-access-codes'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { generateCodeForDevice } from '@/lib/access-codes/generate-code'
import { getAccessCode, listAccessCodesSerialized, type SerializedResponse } from '@/lib/access-codes/list-access-codes'
import { updateAccessCode, updateMultipleAccessCodes } from '@/lib/access-codes/update-access-code'
import type { ServiceContext } from '@/lib/context'
import { getDevice, listDevices } from '@/lib/devices/list-devices'
import { reportDeviceConstraints } from '@/lib/devices/report-device-constraints'
import { getEvent, listEvents } from '@/lib/events/list-events'
import * as accessCodes from '@/lib/schemas/access-code'
import { getActionAttemptInput } from '@/lib/schemas/action-attempt'
import { getDeviceInput, listDevicesInput } from '@/lib/schemas/device'
import { getEventInput, listEventsInput } from '@/lib/schemas/event'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type OperationResult = Record<string, unknown> | SerializedResponse

export interface Operation<S extends z.ZodType = z.ZodType> {
  path: string
  methods: readonly HttpMethod[]
  input: S
  /** Writes wake the in-process reconciler once they succeed. */
  writes?: boolean
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
]

export const operationsByPath: ReadonlyMap<string, Operation> = new Map(operations.map((op) => [op.path, op]))
