// Maps an API problem's field errors (including nested ones such as `organization.credit_code`) to
// translated messages by field, so each shows next to its input. The server's English `message`
// never shows: every code has a message in both languages (serverCodes.test.ts).
import { ApiError } from '../api/client'
import { errorText, fieldErrorText, i18n } from '../i18n'

export function fieldMessages(e: unknown): { fields: Record<string, string>; general: string } {
  if (!(e instanceof ApiError)) return { fields: {}, general: i18n.global.t('errors.network') }
  const fields: Record<string, string> = {}
  for (const f of e.problem.errors ?? []) {
    if (!(f.field in fields)) fields[f.field] = fieldErrorText(f.code)
  }
  return { fields, general: Object.keys(fields).length ? '' : errorText(e.code) }
}

/** One sentence for a failed request: the problem, and the first field's message when there is one. */
export function problemText(e: unknown): string {
  if (!(e instanceof ApiError)) return i18n.global.t('errors.network')
  const first = (e.problem.errors ?? [])[0]
  return first ? `${errorText(e.code)}${i18n.global.locale.value === 'en' ? ': ' : '：'}${fieldErrorText(first.code)}` : errorText(e.code)
}
