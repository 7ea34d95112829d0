// The review console's logic, apart from the page so it is unit-tested.
import type { Schemas } from '../api/client'

/** The township (乡镇) of a need, from its region path (province, city, county, township, village). */
export function townshipOf(need: Pick<Schemas['NeedView'], 'region'>): string {
  return need.region.path[3]?.name ?? ''
}

/** The queue items in a township and with a flag ('none': without flags); '' keeps all. */
export function applyFilters<T extends { need: Pick<Schemas['NeedView'], 'region'>; flags: { code: string }[] }>(
  items: T[],
  f: { township: string; flag: string },
): T[] {
  return items.filter(
    (i) =>
      (!f.township || townshipOf(i.need) === f.township) &&
      (!f.flag || (f.flag === 'none' ? i.flags.length === 0 : i.flags.some((x) => x.code === f.flag))),
  )
}

export interface Outcome {
  id: string
  label: string
  ok: boolean
  error?: string
}

/** Runs each request on its own (the server checks every one), one after another, and reports each. */
export async function runEach(
  items: { id: string; label: string; run: () => Promise<unknown> }[],
  describe: (e: unknown) => string,
): Promise<Outcome[]> {
  const out: Outcome[] = []
  for (const i of items) {
    try {
      await i.run()
      out.push({ id: i.id, label: i.label, ok: true })
    } catch (e) {
      out.push({ id: i.id, label: i.label, ok: false, error: describe(e) })
    }
  }
  return out
}
