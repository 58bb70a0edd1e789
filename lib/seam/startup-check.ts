import 'server-only'
import type { Kysely } from 'kysely'
import type { Env } from '@/lib/config/env'
import type { Database } from '@/lib/db/schema'
import { seamDb } from '@/lib/seam/seam-tables'
import { parseSecretKey } from '@/lib/seam/secret-box'

/**
 * The server does not start with Seam connections it could not use: stored keys need LATCHKEY_SECRET_KEY. Returns the
 * key (or undefined when no key is set and no workspace is connected); throws with a message saying what to set.
 */
export async function checkSeamSecretKey(
  db: Kysely<Database>,
  env: Pick<Env, 'LATCHKEY_SECRET_KEY'>,
): Promise<Buffer | undefined> {
  if (env.LATCHKEY_SECRET_KEY !== undefined) return parseSecretKey(env.LATCHKEY_SECRET_KEY)
  const row = await seamDb(db)
    .selectFrom('seam_connections')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  const count = Number(row.count)
  if (count > 0)
    throw new Error(
      `Latchkey has ${count} Seam connection${count === 1 ? '' : 's'} but LATCHKEY_SECRET_KEY is not set, so their ` +
        'API keys cannot be used. Set LATCHKEY_SECRET_KEY to the key they were stored with (32 random bytes, base64), ' +
        'or disconnect them with `npm run cli -- seam disconnect --workspace ID`.',
    )
  return undefined
}
