// npm run bench:stays — stays at scale, over keep-alive HTTP against the built app (as bench/run.ts does), with the
// lock-side reconciler on inside the server (as `npm start` runs it): a CSV of 2,000 stays × 3 locks previewed
// (dry run) and then imported, and /stays/list paging 50 stays at a time out of 10,000.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ServiceContext } from '@/lib/context'
import { openStore } from '@/lib/db/connection'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { importStaysInput, importStaysResponse, listStaysResponse } from '@/lib/schemas/stay'
import { importStays } from '@/lib/stays/import/import-stays'
import { systemClock } from '@/lib/time/clock'
import { toZonedInputValue } from '@/lib/time/zoned'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { ApiClient, jsonOf } from './client'
import { figureResults, printTable, type Figure } from './report'
import { ensureBuild, freePort, startServer, stopServer, type RunningServer } from './server'
import { percentile, median, round } from './stats'

const ROOT = path.resolve(__dirname, '..')
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'stays.json')
const TIMEZONE = 'America/Denver'
const PROPERTY = 'Bench Lodge'
/** Locks of the property: every row of the import names three of them, every background stay one. */
const LOCKS = 200
const IMPORT_ROWS = 2_000
const DOORS_PER_ROW = 3
const TOTAL_STAYS = 10_000
const PAGE = 50
const REPS = Number(process.env.BENCH_REPS ?? 3)
const LIST_REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 200)
const TARGETS = { dryRunMs: 2_000, commitMs: 10_000, listMs: 50 }
const DAY = 86_400_000

const log = (line: string): void => console.log(`[bench:stays] ${line}`)

/** `YYYY-MM-DD HH:mm` on the property's wall clock, `days` from now at `hour`:00. */
function wallClock(days: number, hour: number): string {
  const day = toZonedInputValue(new Date(Date.now() + days * DAY).toISOString(), TIMEZONE).slice(0, 10)
  return `${day} ${String(hour).padStart(2, '0')}:00`
}

const HEADER = 'reservation_key,guest_name,property,locks,check_in,check_out,code'
const lockName = (i: number): string => `Unit ${(i % LOCKS) + 1}`

/**
 * The import: 2,000 stays over the next three weeks (some in progress, which the reconciler programs at once), each on
 * three locks named by name, the PIN left to Latchkey (the most work per row: one PIN every lock of the row takes).
 * `checkOutHour` later than 11 makes every stay of the file a late checkout.
 */
function importFile(checkOutHour = 11): string {
  const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => {
    const arrival = (i % 21) - 1
    const locks = [lockName(i), lockName(i + 67), lockName(i + 133)].join(';')
    return `PMS-${100_000 + i},Guest ${i + 1},${PROPERTY},${locks},${wallClock(arrival, 16)},${wallClock(arrival + 3, checkOutHour)},`
  })
  return `${[HEADER, ...rows].join('\n')}\n`
}

/** The rest of the 10,000 stays, one lock each, two months and more ahead: nothing for the reconciler to do yet. */
function backgroundFile(from: number, count: number): string {
  const rows = Array.from({ length: count }, (_, k) => {
    const i = from + k
    const arrival = 60 + (i % 200)
    return `BG-${i},Guest ${i},${PROPERTY},${lockName(i)},${wallClock(arrival, 16)},${wallClock(arrival + 2, 11)},`
  })
  return `${[HEADER, ...rows].join('\n')}\n`
}

/** The workspace, its locks and the background stays, straight in the store the server will open. */
async function seed(dataDir: string): Promise<{ apiKey: string }> {
  const store = await openStore({ engine: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite') })
  try {
    const workspace = await createWorkspace(store.db, systemClock, {
      name: 'Stays bench',
      propertyName: PROPERTY,
      timezone: TIMEZONE,
    })
    // Brands that take a chosen PIN and have room for the stays each lock gets (about 30 + 40).
    const profiles = sandboxLockProfiles.filter(
      (p) => p.maxActiveCodes >= 100 && !p.codeConstraints.some((c) => c.constraint_type === 'cannot_specify_pin_code'),
    )
    for (let i = 0; i < LOCKS; i++) {
      const profile = profiles[i % profiles.length]
      if (profile === undefined) throw new Error('no sandbox profile')
      await addSandboxDevice(store.db, systemClock, {
        workspaceId: workspace.workspace_id,
        propertyId: workspace.property_id,
        profile,
        displayName: lockName(i),
      })
    }
    const ctx: ServiceContext = { db: store.db, clock: systemClock, workspaceId: workspace.workspace_id }
    const background = TOTAL_STAYS - IMPORT_ROWS
    const started = Date.now()
    for (let from = 0; from < background; from += 4_000) {
      const answer = await importStays(
        ctx,
        importStaysInput.parse({ csv: backgroundFile(from, Math.min(4_000, background - from)) }),
      )
      if (answer.summary.error > 0)
        throw new Error(`background stays refused: ${JSON.stringify(answer.rows.find((r) => r.action === 'error'))}`)
    }
    log(`seeded ${LOCKS} locks and ${background.toLocaleString('en-US')} stays in ${Date.now() - started} ms`)
    return { apiKey: workspace.api_key }
  } finally {
    await store.close()
  }
}

async function timedImport(client: ApiClient, csv: string, dryRun: boolean) {
  const response = await client.expect('/stays/import', { csv, dry_run: dryRun })
  const { ok: _ok, ...body } = jsonOf(response)
  return { ms: response.ms, answer: importStaysResponse.parse(body) }
}

async function listPages(client: ApiClient, count: number, walk: boolean): Promise<number[]> {
  const times: number[] = []
  let cursor: string | null = null
  for (let i = 0; i < count; i++) {
    const response = await client.expect('/stays/list', {
      limit: PAGE,
      ...(walk && cursor !== null ? { page_cursor: cursor } : {}),
    })
    const { ok: _ok, ...body } = jsonOf(response)
    const page = listStaysResponse.parse(body)
    if (page.stays.length !== PAGE) throw new Error(`/stays/list answered ${page.stays.length} stays, not ${PAGE}`)
    cursor = page.pagination.next_page_cursor
    times.push(response.ms)
  }
  return times
}

async function main(): Promise<void> {
  ensureBuild(ROOT, log)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-stays-'))
  let server: RunningServer | undefined
  let client: ApiClient | undefined
  const cleanUp = async (): Promise<void> => {
    client?.close()
    try {
      if (server !== undefined) {
        const running = server
        server = undefined
        await stopServer(running)
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  const onSignal = (sig: NodeJS.Signals): void => {
    log(`${sig}: stopping the server`)
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  try {
    log(`DATA_DIR ${dataDir}; seeding`)
    const { apiKey } = await seed(dataDir)
    // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server, as for bench/run.ts
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '')
    server = await startServer(ROOT, dataDir, await freePort(), {
      nodeArgs,
      // The per-key rate limit is off, as in bench/run.ts: the bench measures the API, not the limiter.
      env: { RECONCILER: 'on', API_RATE_LIMIT: 'off' },
    })
    log(`server pid ${server.pid}, ${server.baseUrl}, RECONCILER=on`)
    client = new ApiClient(server.baseUrl, apiKey, 2)
    const csv = importFile()
    log(
      `the file: ${IMPORT_ROWS.toLocaleString('en-US')} rows × ${DOORS_PER_ROW} locks, ${csv.length.toLocaleString('en-US')} bytes`,
    )

    log('warming up')
    await timedImport(client, `${csv.split('\n').slice(0, 101).join('\n')}\n`, true)
    await listPages(client, 20, false)

    const dryRuns: number[] = []
    for (let rep = 0; rep < REPS; rep++) {
      const { ms, answer } = await timedImport(client, csv, true)
      if (answer.summary.create !== IMPORT_ROWS)
        throw new Error(`the dry run planned ${JSON.stringify(answer.summary)}, not ${IMPORT_ROWS} creates`)
      dryRuns.push(ms)
      log(`dry run ${rep + 1}: ${round(ms, 0)} ms`)
    }
    const commit = await timedImport(client, csv, false)
    if (commit.answer.summary.create !== IMPORT_ROWS)
      throw new Error(`the import wrote ${JSON.stringify(commit.answer.summary)}, not ${IMPORT_ROWS} creates`)
    log(`import: ${round(commit.ms, 0)} ms`)
    const again = await timedImport(client, csv, false)
    if (again.answer.summary.unchanged !== IMPORT_ROWS)
      throw new Error(`the same file again gave ${JSON.stringify(again.answer.summary)}, not ${IMPORT_ROWS} unchanged`)
    log(`the same file again: ${round(again.ms, 0)} ms, every row unchanged`)
    const shifted = await timedImport(client, importFile(12), false)
    if (shifted.answer.summary.update !== IMPORT_ROWS)
      throw new Error(`the late checkouts gave ${JSON.stringify(shifted.answer.summary)}, not ${IMPORT_ROWS} updates`)
    log(`the file with every check-out an hour later: ${round(shifted.ms, 0)} ms, every row update`)

    const firstPage = await listPages(client, LIST_REQUESTS, false)
    // Every page, through the cursor, to the 10,000th stay.
    const walked = await listPages(client, TOTAL_STAYS / PAGE, true)

    const figures: Figure[] = [
      {
        id: 'stays_import_dry_run_ms',
        label: `dry run: ${IMPORT_ROWS.toLocaleString('en-US')} rows × ${DOORS_PER_ROW} locks (ms)`,
        unit: 'ms',
        value: median(dryRuns),
        perRepetition: dryRuns,
        target: { op: '<=', value: TARGETS.dryRunMs },
      },
      {
        id: 'stays_import_commit_ms',
        label: 'the same file imported, reconciler on (ms)',
        unit: 'ms',
        value: commit.ms,
        perRepetition: [commit.ms],
        target: { op: '<=', value: TARGETS.commitMs },
      },
      {
        id: 'stays_import_unchanged_ms',
        label: 'the same file again: every row unchanged (ms)',
        unit: 'ms',
        value: again.ms,
        perRepetition: [again.ms],
      },
      {
        id: 'stays_import_shift_ms',
        label: 'the file with every check-out an hour later: every row update (ms)',
        unit: 'ms',
        value: shifted.ms,
        perRepetition: [shifted.ms],
      },
      {
        id: 'stays_list_first_page_ms',
        label: `/stays/list, first ${PAGE} of ${TOTAL_STAYS.toLocaleString('en-US')} (median ms)`,
        unit: 'ms',
        value: median(firstPage),
        perRepetition: [median(firstPage), percentile(firstPage, 0.95)],
        target: { op: '<=', value: TARGETS.listMs },
      },
      {
        id: 'stays_list_walk_ms',
        label: `/stays/list, every page through the cursor (median ms)`,
        unit: 'ms',
        value: median(walked),
        perRepetition: [median(walked), percentile(walked, 0.95)],
        target: { op: '<=', value: TARGETS.listMs },
      },
    ]
    console.log('\nStays at scale (the list lines show median / p95)')
    printTable(figures)
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
    fs.writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ finished_at: new Date().toISOString(), figures: figureResults(figures) }, null, 2)}\n`,
    )
    log(`results in ${path.relative(ROOT, RESULTS_FILE)}`)
  } finally {
    await cleanUp()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
