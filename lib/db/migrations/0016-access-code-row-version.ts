import 'server-only'
import { SqliteAdapter, sql, type Kysely } from 'kysely'

// Issue 11: a lock's list is assembled from each code's cached JSON, and a piece is used only while its row is
// unchanged. Reading every column a piece is made from to tell (the whole page's rows, after every write) was most
// of the cost of a list right after a write; a counter the store moves on every change to the row says the same for
// one integer a row. A trigger moves it, so no writer (the API, the lock side, the CLI, a later one) can forget to.
// It moves on any update of the row, not only of the listed columns: a piece is then made again a little more often
// than it must (after a lock operation's claim), never served stale.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('access_codes')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // SQLite cannot change NEW in a trigger: the row is updated again, by its key (recursive triggers are off, and
    // the WHEN clause stops it anyway). An update that sets row_version itself is left as it is.
    await sql`
      create trigger access_codes_row_version after update on access_codes
      for each row when new.row_version = old.row_version
      begin
        update access_codes set row_version = old.row_version + 1 where access_code_id = new.access_code_id;
      end`.execute(db)
    return
  }
  // PostgreSQL: the function and the trigger live in the store's schema (the first of the search path).
  await sql`
    create function access_codes_row_version() returns trigger language plpgsql as $$
    begin
      if new.row_version = old.row_version then
        new.row_version := old.row_version + 1;
      end if;
      return new;
    end
    $$`.execute(db)
  await sql`
    create trigger access_codes_row_version before update on access_codes
    for each row execute function access_codes_row_version()`.execute(db)
}
