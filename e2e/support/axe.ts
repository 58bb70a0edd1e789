import AxeBuilder from '@axe-core/playwright'
import type { Page, TestInfo } from '@playwright/test'

/** The impacts a page must not have: the ones that stop or seriously hinder someone using it. */
const BLOCKING = new Set(['serious', 'critical'])

export interface AxeFinding {
  rule: string
  impact: string
  help: string
  targets: string[]
}

/**
 * Runs axe (WCAG 2 A and AA rules) on the page as it is now, attaches the full results to the test report, and
 * returns the serious and critical violations, one line per failing element, ready for an assertion message.
 */
export async function seriousViolations(page: Page, testInfo: TestInfo, label: string): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  await testInfo.attach(`axe ${label}`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  })
  return results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }))
}

export const describeFindings = (findings: AxeFinding[]): string =>
  findings.map((f) => `${f.impact} ${f.rule}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n')
