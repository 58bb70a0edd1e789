import 'server-only'
import { SqliteAdapter, sql, type Kysely } from 'kysely'

// Issue 11: every create checks that the lock stays within MAX_ACCESS_CODES_PER_DEVICE, and counted the lock's live
// codes in the index to do it: 0.1 ms a create on a lock of 1,000 codes, 0.5 ms on a full one of 5,000, and a count of
// every named lock in a create_multiple. Each device now carries the number of its live codes (managed or not, as the
// count was), kept by the store itself: triggers move it whenever a code row is added, deleted or removed (deleted_at
// set or cleared) or moves to another lock, so no writer can leave it wrong. Existing stores are counted once here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('devices')
    .addColumn('live_access_codes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`
    update devices set live_access_codes = (
      select count(*) from access_codes
      where access_codes.device_id = devices.device_id and access_codes.deleted_at is null
    )`.execute(db)

  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`
      create trigger access_codes_live_count_insert after insert on access_codes
      for each row when new.deleted_at is null
      begin
        update devices set live_access_codes = live_access_codes + 1 where device_id = new.device_id;
      end`.execute(db)
    await sql`
      create trigger access_codes_live_count_delete after delete on access_codes
      for each row when old.deleted_at is null
      begin
        update devices set live_access_codes = live_access_codes - 1 where device_id = old.device_id;
      end`.execute(db)
    // Only updates that set deleted_at or device_id fire it (the lock side's bookkeeping does not).
    await sql`
      create trigger access_codes_live_count_update after update of deleted_at, device_id on access_codes
      for each row when (old.deleted_at is null) <> (new.deleted_at is null) or old.device_id <> new.device_id
      begin
        update devices set live_access_codes = live_access_codes - 1
          where device_id = old.device_id and old.deleted_at is null;
        update devices set live_access_codes = live_access_codes + 1
          where device_id = new.device_id and new.deleted_at is null;
      end`.execute(db)
    return
  }
  // PostgreSQL: one function for the three, in the store's schema (the first of the search path).
  await sql`
    create function access_codes_live_count() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null then
        update devices set live_access_codes = live_access_codes - 1 where device_id = old.device_id;
      end if;
      if tg_op in ('UPDATE', 'INSERT') and new.deleted_at is null then
        update devices set live_access_codes = live_access_codes + 1 where device_id = new.device_id;
      end if;
      return null;
    end
    $$`.execute(db)
  await sql`
    create trigger access_codes_live_count_insert after insert on access_codes
    for each row when (new.deleted_at is null)
    execute function access_codes_live_count()`.execute(db)
  await sql`
    create trigger access_codes_live_count_delete after delete on access_codes
    for each row when (old.deleted_at is null)
    execute function access_codes_live_count()`.execute(db)
  await sql`
    create trigger access_codes_live_count_update after update of deleted_at, device_id on access_codes
    for each row when ((old.deleted_at is null) <> (new.deleted_at is null) or old.device_id <> new.device_id)
    execute function access_codes_live_count()`.execute(db)
}
