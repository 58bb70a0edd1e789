import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { toBool } from '@/lib/db/values'
import { recordEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import type { SandboxLockProfile } from '@/lib/locks/sandbox-profiles'
import type { Clock } from '@/lib/time/clock'

export interface AddSandboxDeviceOptions {
  workspaceId: string
  propertyId: string
  profile: SandboxLockProfile
  displayName: string
}

/** Adds a sandbox lock, under the workspace's sandbox account for that brand (created on first use). */
export async function addSandboxDevice(
  db: Kysely<Database>,
  clock: Clock,
  options: AddSandboxDeviceOptions,
): Promise<string> {
  const { workspaceId, propertyId, profile, displayName } = options
  const now = clock.now().toISOString()
  return db.transaction().execute(async (trx) => {
    let account = await trx
      .selectFrom('connected_accounts')
      .select('connected_account_id')
      .where('workspace_id', '=', workspaceId)
      .where('provider', '=', profile.provider)
      .executeTakeFirst()
    if (account === undefined) {
      account = { connected_account_id: newId() }
      await trx
        .insertInto('connected_accounts')
        .values({
          connected_account_id: account.connected_account_id,
          workspace_id: workspaceId,
          provider: profile.provider,
          is_connected: 1,
          created_at: now,
        })
        .execute()
    }
    const deviceId = newId()
    await trx
      .insertInto('devices')
      .values({
        device_id: deviceId,
        workspace_id: workspaceId,
        property_id: propertyId,
        connected_account_id: account.connected_account_id,
        provider: profile.provider,
        device_type: profile.deviceType,
        display_name: displayName,
        manufacturer: profile.manufacturer,
        model_name: profile.modelName,
        is_sandbox: 1,
        online: 1,
        battery_level: 0.6 + (deviceId.charCodeAt(deviceId.length - 1) % 40) / 100,
        supported_code_lengths: JSON.stringify(profile.supportedCodeLengths),
        max_active_codes_supported: profile.maxActiveCodes,
        code_constraints: JSON.stringify(profile.codeConstraints),
        supports_backup_access_code_pool: toBool(profile.supportsBackupPool),
        backup_pool_size: profile.backupPoolSize,
        can_program_online_access_codes: toBool(profile.canProgramOnlineCodes),
        can_program_offline_access_codes: toBool(profile.canProgramOfflineCodes),
        supports_native_scheduling: toBool(profile.supportsNativeScheduling),
        sandbox_settings: JSON.stringify({
          latency_ms: profile.latencyMs,
          native_scheduling_lead_ms: profile.nativeSchedulingLeadMs,
        }),
        access_codes_version: 0,
        created_at: now,
        removed_at: null,
      })
      .execute()
    await recordEvent(trx, clock, {
      workspaceId,
      eventType: 'device.added',
      deviceId,
      connectedAccountId: account.connected_account_id,
    })
    return deviceId
  })
}
