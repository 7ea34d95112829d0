// What the stories and honour-roll pages compute: excerpts, the writer's next step, the rating bars,
// percentages and durations. Kept apart from the pages so it is unit-tested.
import { HONOUR_FIRST_YEAR } from './enums'

/** The first `max` characters of a text on one line, with … when cut (counting characters, not bytes). */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = [...flat]
  return chars.length <= max ? flat : `${chars.slice(0, max).join('').trimEnd()}…`
}

export interface StoryStage {
  status: 'draft' | 'in_review' | 'published' | 'rejected'
  consent_at?: string | null
  faces_allowed: boolean
}

/** A photo that shows a face while the household did not allow faces blocks the submission. */
export function blockedByFaces(stage: StoryStage, photos: { shows_face: boolean }[]): boolean {
  return !stage.faces_allowed && photos.some((p) => p.shows_face)
}

/** What comes next for a story, as a message key under `stories.next`. */
export function nextStep(stage: StoryStage, photos: { shows_face: boolean }[]): string {
  if (stage.status === 'published') return 'published'
  if (stage.status === 'in_review') return 'review'
  if (stage.status === 'rejected') return 'rejected'
  if (!stage.consent_at) return 'consent'
  if (blockedByFaces(stage, photos)) return 'faces'
  return 'submit'
}

/** The widths (0–100) of the rating bars, 1 to 5 stars, relative to the largest count. */
export function ratingBars(distribution: (number | null)[]): { stars: number; count: number | null; pct: number }[] {
  // A null cell is one the server suppressed (fewer than 5, or revealing one that is): no bar.
  const top = Math.max(0, ...distribution.map((c) => c ?? 0))
  return [5, 4, 3, 2, 1].map((stars) => {
    const c = distribution[stars - 1] ?? null
    return { stars, count: c, pct: top > 0 && c !== null ? Math.round((100 * c) / top) : 0 }
  })
}

/** 0.857 → "86%"; null → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—'
  return `${Math.round(rate * 100)}%`
}

/** A duration in hours as days and hours, `{ days, hours }` (rounded to the hour); null stays null. */
export function daysHours(hours: number | null | undefined): { days: number; hours: number } | null {
  if (hours === null || hours === undefined) return null
  const h = Math.round(hours)
  return { days: Math.floor(h / 24), hours: h % 24 }
}

/** The years the honour roll offers, newest first: from the first year to `now`'s. */
export function honourYears(now = new Date()): number[] {
  const years: number[] = []
  for (let y = now.getUTCFullYear(); y >= HONOUR_FIRST_YEAR; y--) years.push(y)
  return years
}

/** The roll's rank of the `i`-th row of page `page` (`perPage` a page). */
export function rank(page: number, perPage: number, i: number): number {
  return (page - 1) * perPage + i + 1
}
