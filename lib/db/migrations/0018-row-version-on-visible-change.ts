import 'server-only'
import { SqliteAdapter, sql, type Kysely } from 'kysely'

/**
 * The columns an access code object is made from (lib/access-codes/access-code-object.ts): a code's cached JSON in a
 * list is good while none of them changes. Exported for the test that holds this list to the object.
 */
export const VISIBLE_CODE_COLUMNS = [
  'access_code_id',
  'workspace_id',
  'device_id',
  'name',
  'code',
  'common_code_key',
  'type',
  'starts_at',
  'ends_at',
  'status',
  'created_at',
  'errors',
  'warnings',
  'is_managed',
  'is_backup',
  'use_backup_access_code_pool',
  'pulled_backup_access_code_id',
  'is_external_modification_allowed',
  'is_offline_access_code',
  'is_one_time_use',
  'is_scheduled_on_device',
  'is_waiting_for_code_assignment',
] as const

// Issue 11: migration 0016's trigger moved row_version on every update of a row, so the lock side's bookkeeping (a
// pass claims every code it sends to the lock, and renews the claim) made each claimed code's list piece again, up to
// a whole lock's codes after one claim. Now the version moves only when a column the object shows changes value.
export async function up(db: Kysely<unknown>): Promise<void> {
  const changed = (compare: (column: string) => string) => sql.raw(VISIBLE_CODE_COLUMNS.map(compare).join(' or '))
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`drop trigger access_codes_row_version`.execute(db)
    await sql`
      create trigger access_codes_row_version after update on access_codes
      for each row when new.row_version = old.row_version and (${changed((c) => `new.${c} is not old.${c}`)})
      begin
        update access_codes set row_version = old.row_version + 1 where access_code_id = new.access_code_id;
      end`.execute(db)
    return
  }
  await sql`
    create or replace function access_codes_row_version() returns trigger language plpgsql as $$
    begin
      if new.row_version = old.row_version and (${changed((c) => `new.${c} is distinct from old.${c}`)}) then
        new.row_version := old.row_version + 1;
      end if;
      return new;
    end
    $$`.execute(db)
}
