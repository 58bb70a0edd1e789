// Helpers of the problems queue's tests (tests/api/problems/): read /problems/list through the API, over the
// simulation fixture's store, server, sandbox locks and hand-driven reconciler.
import { expect } from 'vitest'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import { listProblemsResponse, type ListProblemsResponse, type Problem } from '@/lib/schemas/problem'
import { http, store } from '@/tests/support/simulation-api'
import type { HttpClient } from '@/tests/support/http-client'

/** /problems/list, checked against its schema; problems about a catalogued issue carry the catalogue's words. */
export async function listProblems(
  filter: Record<string, unknown> = {},
  client: HttpClient = http,
): Promise<ListProblemsResponse> {
  const { ok: _ok, ...body } = await client.ok<ListProblemsResponse>('/problems/list', filter)
  const parsed = listProblemsResponse.parse(body)
  for (const problem of parsed.problems) {
    expect(problem.title, problem.problem_id).not.toBe('')
    expect(problem.message, problem.problem_id).not.toBe('')
    expect(problem.remedy, problem.problem_id).not.toBe('')
    expect(problem.stay_id).toBeNull()
    if (['code_error', 'device_offline', 'account_disconnected', 'device_error'].includes(problem.kind)) {
      const entry = describeIssue('error', problem.error_code ?? '')
      expect({ title: problem.title, message: problem.message, remedy: problem.remedy }).toEqual({
        title: entry.title,
        message: entry.explanation,
        remedy: entry.whatToDo,
      })
      expect(problem.severity).toBe(entry.severity)
    }
  }
  return parsed
}

/** Every problem, as `kind name code` lines (name: the code's, else the lock's), in the queue's order. */
export async function queue(filter: Record<string, unknown> = {}, client?: HttpClient): Promise<string[]> {
  return (await listProblems(filter, client)).problems.map(line)
}

export const line = (p: Problem): string =>
  [p.kind, p.access_code_name ?? p.device_name, p.error_code ?? p.warning_code ?? ''].join(' ').trim()

/** The one problem of that kind (and code, if given). */
export async function problemOf(kind: string, accessCodeId?: string): Promise<Problem> {
  const found = (await listProblems({ kind })).problems.filter(
    (p) => accessCodeId === undefined || p.access_code_id === accessCodeId,
  )
  expect(found, `${kind} ${accessCodeId ?? ''}`).toHaveLength(1)
  const [problem] = found
  if (problem === undefined) throw new Error('unreachable')
  return problem
}

/** The lock reports its battery level (sandbox locks have no simulation of it: it is a reading of the lock). */
export async function reportBattery(deviceId: string, level: number): Promise<void> {
  await store.db.updateTable('devices').set({ battery_level: level }).where('device_id', '=', deviceId).execute()
}

export async function lockNameOf(deviceId: string): Promise<string> {
  const { device } = await http.ok<{ device: { display_name: string } }>('/devices/get', { device_id: deviceId })
  return device.display_name
}
