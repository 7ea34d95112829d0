// Regions as the pickers read them: a level's children (every page, cached) and a region's path.
import { createClient, type Schemas } from './api/client'

export type Region = Schemas['RegionSummary']
const api = createClient()
const children = new Map<string, Promise<Region[]>>()
const views = new Map<string, Promise<Schemas['RegionView']>>()

/** The regions right below `parent` ('' for the provinces), all pages of them. */
export function childrenOf(parent: string): Promise<Region[]> {
  let p = children.get(parent)
  if (!p) {
    p = (async () => {
      const all: Region[] = []
      for (let page = 1; page <= 20; page++) {
        const r = await api.get('/api/v1/regions', { query: { parent: parent || undefined, page, per_page: 100 } })
        all.push(...r.items)
        if (all.length >= r.total || r.items.length === 0) break
      }
      return all
    })()
    // A failure is not remembered: the next try asks again.
    p.catch(() => children.delete(parent))
    children.set(parent, p)
  }
  return p
}

export function regionView(code: string): Promise<Schemas['RegionView']> {
  let p = views.get(code)
  if (!p) {
    p = api.get('/api/v1/regions/{code}', { path: { code } })
    p.catch(() => views.delete(code))
    views.set(code, p)
  }
  return p
}

/** The level of a code by its length: 2 province, 4 city, 6 county, 9 township, 12 village. */
export function levelOf(code: string): 'country' | 'province' | 'city' | 'county' | 'township' | 'village' {
  return ({ 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' } as const)[code.length as 2 | 4 | 6 | 9 | 12] ?? 'country'
}

/**
 * Goes down from `code` while a level has a single choice (a county with one township, say): the
 * path of codes passed, the last one being where a choice is needed (or a village).
 */
export async function descendSingles(code: string, load: (c: string) => Promise<Region[]> = childrenOf): Promise<{ path: Region[]; options: Region[] }> {
  const path: Region[] = []
  let options = await load(code)
  while (options.length === 1) {
    path.push(options[0])
    if (options[0].code.length >= 12) return { path, options: [] }
    options = await load(options[0].code)
  }
  return { path, options }
}
