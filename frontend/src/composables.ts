// Small helpers the pages share.
import { ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-overlay.css'
import { type Client, type Operation, type PathsWith, type Schemas, type Success } from './api/client'
import { i18n } from './i18n'
import { problemText } from './components/FieldErrors'

/** Need titles by id, fetched once each. */
export function useNeedTitles(api: Client) {
  const titles = ref<Record<string, Schemas['NeedView']>>({})
  async function load(ids: string[]) {
    await Promise.all(
      [...new Set(ids)].filter((id) => !titles.value[id]).map(async (id) => {
        try {
          titles.value[id] = await api.get('/api/v1/needs/{id}', { path: { id } })
        } catch {
          // A need one may no longer see keeps its id.
        }
      }),
    )
  }
  return { titles, load }
}

type Paged = { items: unknown[]; total: number }
/** The list endpoints without path parameters: their GET answers `{items, total}`. */
export type ListPath = {
  [P in PathsWith<'get'>]: Success<Operation<P, 'get'>> extends Paged
    ? Operation<P, 'get'> extends { parameters: { path?: never } }
      ? P
      : never
    : never
}[PathsWith<'get'>]
type ListQuery<P extends ListPath> = Omit<NonNullable<Operation<P, 'get'>['parameters']['query']>, 'page' | 'per_page'>
type Item<P extends ListPath> = Success<Operation<P, 'get'>> extends { items: (infer T)[] } ? T : never

/** Every item of a paginated list (100 a page, at most `maxPages` pages). */
export async function fetchAll<P extends ListPath>(api: Client, path: P, query: ListQuery<P> = {} as ListQuery<P>, maxPages = 50): Promise<Item<P>[]> {
  const all: Item<P>[] = []
  // One shape for every list path; the types above already tied `path`, `query` and the items.
  const get = api.get as unknown as (p: string, init: { query: Record<string, unknown> }) => Promise<{ items: Item<P>[]; total: number }>
  for (let page = 1; page <= maxPages; page++) {
    const r = await get(path, { query: { ...query, page, per_page: 100 } })
    all.push(...r.items)
    if (all.length >= r.total || r.items.length === 0) break
  }
  return all
}

/** Runs an action, shows its error in the user's language, and reports success. */
export async function act(fn: () => Promise<unknown>, ok?: string): Promise<boolean> {
  try {
    await fn()
    if (ok) ElMessage.success(ok)
    return true
  } catch (e) {
    ElMessage.error(problemText(e))
    return false
  }
}

/** Asks before an action one cannot take back, saying what will happen; true when confirmed. */
export async function confirmAction(title: string, message: string, confirm: string): Promise<boolean> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: confirm,
      cancelButtonText: t('confirm.keep'),
      confirmButtonClass: 'el-button--danger',
      type: 'warning',
      customClass: 'bangfu-confirm',
    })
    return true
  } catch {
    return false
  }
}

/** Asks for a reason (required), saying what will happen; null when cancelled. */
export async function askReason(title: string, what?: string): Promise<string | null> {
  const t = i18n.global.t
  try {
    const { value } = await ElMessageBox.prompt(what ? `${what} ${t('review.reason')}` : t('review.reason'), title, {
      confirmButtonText: t('review.confirm'),
      cancelButtonText: t('review.cancel'),
      inputValidator: (v: string) => (v && v.trim().length > 0) || t('errors.required'),
    })
    return value.trim()
  } catch {
    return null
  }
}

/** Asks for a text (required), saying what it is for; null when cancelled. */
export async function askText(title: string, message: string, confirm: string, required = true): Promise<string | null> {
  const t = i18n.global.t
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      confirmButtonText: confirm,
      cancelButtonText: t('review.cancel'),
      inputType: 'textarea',
      customClass: 'bangfu-prompt',
      inputValidator: (v: string) => !required || (v && v.trim().length > 0) || t('errors.required'),
    })
    return (value ?? '').trim()
  } catch {
    return null
  }
}
