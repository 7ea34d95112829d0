// Small helpers the pages share.
import { ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-overlay.css'
import { ApiError, type Client, type Schemas } from './api/client'
import { errorText, i18n } from './i18n'

/** Need titles by id, fetched once each. */
export function useNeedTitles(api: Client) {
  const titles = ref<Record<string, Schemas['NeedView']>>({})
  async function load(ids: string[]) {
    await Promise.all(
      [...new Set(ids)].filter((id) => !titles.value[id]).map(async (id) => {
        try {
          titles.value[id] = await api.get<Schemas['NeedView']>(`/api/v1/needs/${id}`)
        } catch {
          // A need one may no longer see keeps its id.
        }
      }),
    )
  }
  return { titles, load }
}

/** Every item of a paginated list (100 a page, at most `maxPages` pages). */
export async function fetchAll<T>(api: Client, path: string, query: Record<string, string | number | boolean | undefined> = {}, maxPages = 50): Promise<T[]> {
  const all: T[] = []
  for (let page = 1; page <= maxPages; page++) {
    const r = await api.get<{ items: T[]; total: number }>(path, { query: { ...query, page, per_page: 100 } })
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
    ElMessage.error(e instanceof ApiError ? `${errorText(e.code)}${e.message ? ` (${e.message})` : ''}` : i18n.global.t('errors.network'))
    return false
  }
}

/** Asks for a reason (required); null when cancelled. */
export async function askReason(title: string): Promise<string | null> {
  const t = i18n.global.t
  try {
    const { value } = await ElMessageBox.prompt(t('review.reason'), title, {
      confirmButtonText: t('review.confirm'),
      cancelButtonText: t('review.cancel'),
      inputValidator: (v: string) => (v && v.trim().length > 0) || t('errors.required'),
    })
    return value.trim()
  } catch {
    return null
  }
}
