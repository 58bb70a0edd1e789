// Helpers of the explanation's tests (tests/api/explain/): read /access_codes/explain through the API, over the
// simulation fixture's store, server, sandbox locks and hand-driven reconciler.
import { expect } from 'vitest'
import { explainAccessCodeResponse, type Explanation } from '@/lib/schemas/explanation'
import { http } from '@/tests/support/simulation-api'
import type { HttpClient } from '@/tests/support/http-client'

/** /access_codes/explain, checked against its schema and the rules every explanation keeps. */
export async function explain(accessCodeId: string, client: HttpClient = http): Promise<Explanation> {
  const { ok: _ok, ...body } = await client.ok<Record<string, unknown>>('/access_codes/explain', {
    access_code_id: accessCodeId,
  })
  const { explanation } = explainAccessCodeResponse.parse(body)
  expect(explanation.access_code_id).toBe(accessCodeId)
  expect(explanation.headline).toMatch(/^(Yes|No|Latchkey cannot tell)\b/)
  expect(explanation.headline.startsWith('Yes')).toBe(explanation.opens_door_now)
  for (const sentence of explanation.sentences) expect(sentence.text).toMatch(/[.)]$/)
  const times = explanation.timeline.map((e) => e.at)
  expect(times).toEqual([...times].sort().reverse())
  return explanation
}

/** The explanation's sentences of one topic, as text. */
export const sentencesAbout = (explanation: Explanation, topic: Explanation['sentences'][number]['topic']): string[] =>
  explanation.sentences.filter((s) => s.topic === topic).map((s) => s.text)

/** Every sentence, headline first, as one text (for reading a whole explanation in a failure message). */
export const allText = (explanation: Explanation): string =>
  [explanation.headline, ...explanation.sentences.map((s) => s.text)].join('\n')
