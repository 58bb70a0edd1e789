import 'server-only'
import { issueObject, type IssueKind } from '@/lib/shared/issue-catalogue'

export type IssueList = Record<string, unknown>[]

const codeOf = (kind: IssueKind, issue: Record<string, unknown>): unknown =>
  kind === 'error' ? issue.error_code : issue.warning_code

/** A code's errors or warnings, changed in place; keeps an issue's first `created_at` while it persists. */
export class CodeIssues {
  readonly #kind: IssueKind
  #list: IssueList
  #changed = false

  constructor(kind: IssueKind, json: string) {
    this.#kind = kind
    this.#list = JSON.parse(json) as IssueList
  }

  has(code: string): boolean {
    return this.#list.some((i) => codeOf(this.#kind, i) === code)
  }

  /** When the issue was first recorded, if the code has it. */
  createdAt(code: string): Date | undefined {
    const issue = this.#list.find((i) => codeOf(this.#kind, i) === code)
    return typeof issue?.created_at === 'string' ? new Date(issue.created_at) : undefined
  }

  /** Adds the issue; returns true when it is new (so the caller records its event once). */
  add(code: string, now: Date): boolean {
    if (this.has(code)) return false
    this.#list.push(issueObject(this.#kind, code, now.toISOString()))
    this.#changed = true
    return true
  }

  remove(...codes: string[]): void {
    const before = this.#list.length
    this.#list = this.#list.filter((i) => !codes.includes(String(codeOf(this.#kind, i))))
    if (this.#list.length !== before) this.#changed = true
  }

  get changed(): boolean {
    return this.#changed
  }

  /** Called once the list is stored. */
  markSaved(): void {
    this.#changed = false
  }

  toJson(): string {
    return JSON.stringify(this.#list)
  }
}
