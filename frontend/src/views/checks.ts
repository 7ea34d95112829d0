// Helpers of the 三查 pages: a round's period from the dates an official picks (Beijing days), the
// region a round of each kind starts choosing from, and region names by code.
import { ref } from 'vue'
import type { CheckKind } from '../enums'
import { regionView } from '../regions'

const DAY = 86400e3

/** A Beijing calendar day (YYYY-MM-DD) some days from `now`. */
export function beijingDay(offsetDays: number, now = Date.now()): string {
  return new Date(now + 8 * 3600e3 + offsetDays * DAY).toISOString().slice(0, 10)
}

/** The round's period: from the start of the first day to the end of the last, Beijing time. */
export function periodOf(from: string, to: string): { period_from: string; period_to: string } {
  const start = new Date(`${from}T00:00:00+08:00`)
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + DAY)
  return { period_from: start.toISOString(), period_to: end.toISOString() }
}

/**
 * Where the region picker starts for a round of `kind` run by an official of `jurisdiction`: a
 * cross-check covers another county of the same city, so it starts at the city; the others stay
 * inside the official's own jurisdiction.
 */
export function pickerRoot(kind: CheckKind, jurisdiction: string): string {
  return kind === 'cross' ? jurisdiction.slice(0, 4) : jurisdiction
}

/** Region names by code, each fetched once (the picker's cache). */
export function useRegionNames() {
  const names = ref<Record<string, string>>({})
  async function load(codes: string[]) {
    await Promise.all(
      [...new Set(codes)].filter((c) => c && !names.value[c]).map(async (c) => {
        try {
          const v = await regionView(c)
          names.value[c] = v.path.slice(1).map((r) => r.name).join(' ') || v.name
        } catch {
          // The code stays.
        }
      }),
    )
  }
  const nameOf = (c: string) => names.value[c] ?? c
  return { names, load, nameOf }
}
