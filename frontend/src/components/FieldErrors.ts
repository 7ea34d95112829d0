// Maps an API problem's field errors (including nested ones such as `organization.credit_code`) to
// translated messages by field, so each shows next to its input.
import { ApiError } from '../api/client'
import { errorText, i18n } from '../i18n'

export function fieldMessages(e: unknown): { fields: Record<string, string>; general: string } {
  if (!(e instanceof ApiError)) return { fields: {}, general: i18n.global.t('errors.network') }
  const fields = Object.fromEntries(
    (e.problem.errors ?? []).map((f) => [f.field, i18n.global.te(`errors.${f.code}`) ? errorText(f.code) : f.message]),
  )
  return { fields, general: Object.keys(fields).length ? '' : errorText(e.code) }
}
