// Issue 10, item 3: the backup pool refills. Pulled backups whose stay has ended, or whose code was deleted, are taken
// off the keypad and their places in the pool get new backups, so a pool of five lends again as stays end.
import { describe, expect, it } from 'vitest'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import type { AccessCode } from '@/lib/schemas/access-code'
import { AUGUST, HOUR, h, device, at, code, keypadCodes } from '@/tests/support/lifecycle-fixture'

const POOL_SIZE = 5 // August's pool

const stay = (startHours: number, endHours: number) => ({
  device_id: device(AUGUST),
  use_backup_access_code_pool: true,
  starts_at: at(startHours * HOUR),
  ends_at: at(endHours * HOUR),
})

async function createStays(count: number, startHours: number, endHours: number): Promise<AccessCode[]> {
  const codes: AccessCode[] = []
  for (let i = 0; i < count; i++) codes.push((await createAccessCode(h.ctx, stay(startHours, endHours))).access_code)
  return codes
}

const errorCodes = (accessCode: AccessCode): string[] => accessCode.errors.map((e) => e.error_code)

/** The lock's backups that are not deleted, free or pulled. */
const liveBackups = () =>
  h.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'code', 'pulled_for_access_code_id'])
    .where('device_id', '=', device(AUGUST))
    .where('is_backup', '=', 1)
    .where('deleted_at', 'is', null)
    .execute()

describe('the backup pool refills', () => {
  it('six pulls on a pool of five: the sixth succeeds once the first stays have ended and their backups are gone', async () => {
    const first = await createStays(POOL_SIZE, 1, 24)
    const [sixth] = await createStays(1, 48, 72)
    if (sixth === undefined) throw new Error('no sixth stay')
    await h.settle()
    const backups: AccessCode[] = []
    for (const code of first) backups.push(await pullBackupAccessCode(h.ctx, code.access_code_id))
    expect(new Set(backups.map((b) => b.code)).size).toBe(POOL_SIZE)
    const keypadBefore = await keypadCodes(device(AUGUST))
    for (const backup of backups) expect(keypadBefore).toContain(backup.code)
    // Five backups lent: the pool has nothing left until a stay ends.
    expect((await code(sixth.access_code_id)).is_backup_access_code_available).toBe(false)
    await expect(pullBackupAccessCode(h.ctx, sixth.access_code_id)).rejects.toMatchObject({
      type: 'empty_backup_access_code_pool',
    })
    await h.settle()
    expect(errorCodes(await code(sixth.access_code_id))).toContain('empty_backup_access_code_pool')

    await h.advance(25 * HOUR)
    // The ended stays' backups are off the keypad and finished.
    const keypadAfter = await keypadCodes(device(AUGUST))
    for (const backup of backups) expect(keypadAfter).not.toContain(backup.code)
    const stillLive = (await liveBackups()).map((b) => b.access_code_id)
    for (const backup of backups) expect(stillLive).not.toContain(backup.access_code_id)

    // The waiting stay hears that a backup can be had again.
    expect((await code(sixth.access_code_id)).is_backup_access_code_available).toBe(true)
    expect(errorCodes(await code(sixth.access_code_id))).not.toContain('empty_backup_access_code_pool')

    const sixthBackup = await pullBackupAccessCode(h.ctx, sixth.access_code_id)
    expect(backups.map((b) => b.access_code_id)).not.toContain(sixthBackup.access_code_id)
    expect(sixthBackup).toMatchObject({ is_backup: true, starts_at: sixth.starts_at, ends_at: sixth.ends_at })
    await h.settle()
    // Five places again (the sixth stay's backup and four free ones), all programmed on the keypad.
    const live = await liveBackups()
    expect(live).toHaveLength(POOL_SIZE)
    expect(live.filter((b) => b.pulled_for_access_code_id === null)).toHaveLength(POOL_SIZE - 1)
    const keypad = await keypadCodes(device(AUGUST))
    for (const backup of live) expect(keypad).toContain(backup.code)
  })

  it('a backup released with its deleted code leaves the keypad, and its place is lent again at once', async () => {
    const stays = await createStays(POOL_SIZE + 1, 1, 48)
    const waiting = stays.pop()
    if (waiting === undefined) throw new Error('no waiting stay')
    await h.settle()
    const backups: AccessCode[] = []
    for (const code of stays) backups.push(await pullBackupAccessCode(h.ctx, code.access_code_id))
    await expect(pullBackupAccessCode(h.ctx, waiting.access_code_id)).rejects.toMatchObject({
      type: 'empty_backup_access_code_pool',
    })
    const [released] = backups
    const [cancelled] = stays
    if (released === undefined || cancelled === undefined) throw new Error('no stay to cancel')

    await deleteAccessCode(h.ctx, { access_code_id: cancelled.access_code_id })
    const lent = await pullBackupAccessCode(h.ctx, waiting.access_code_id)
    expect(lent.access_code_id).not.toBe(released.access_code_id)
    await h.settle()
    const keypad = await keypadCodes(device(AUGUST))
    expect(keypad).not.toContain(released.code)
    expect(keypad).not.toContain(cancelled.code)
    expect(keypad).toContain(lent.code)
    expect(await liveBackups()).toHaveLength(POOL_SIZE)
  })
})
