// 就业扶贫 (issue 19): the pure helpers the jobs pages share — pay ranges as people read them, the job
// board's state in the address bar and as a search query, the moves each side of an application
// may make, dates for the forms, and the retention figures.
import type { Operation, Success } from './api/client'
import { yuan } from './format'
import { i18n } from './i18n'
import { AGE_BANDS, JOB_SORTS, PAY_PERIODS, SKILLS, type AgeBand } from './enums'
import { parseYuan } from './products'

// The answers by path, not by schema name: the server's schema names may change (a job posting's
// view shared its name with the admin's background job view), the paths stay.
type JobPaths = '/api/v1/jobs/{id}' | '/api/v1/jobs/search' | '/api/v1/applications/{id}' | '/api/v1/jobs/{id}/matches' | '/api/v1/review/retention-checks' | '/api/v1/stats/jobs'
type Answer<P extends JobPaths> = Success<Operation<P, 'get'>>
export type Job = Answer<'/api/v1/jobs/{id}'>
export type JobSearchResponse = Answer<'/api/v1/jobs/search'>
export type JobHit = JobSearchResponse['hits'][number]
export type Application = Answer<'/api/v1/applications/{id}'>
export type JobMatch = Answer<'/api/v1/jobs/{id}/matches'>['items'][number]
export type RetentionCheck = Answer<'/api/v1/review/retention-checks'>['items'][number]
export type JobsStats = Answer<'/api/v1/stats/jobs'>
export type JobsStatsRow = JobsStats['rows'][number]

/**
 * ¥3,000–¥4,500 / 月, or ¥150 / 天 when the range is one figure. `period` is month, day or piece; an
 * unknown one shows the figures alone.
 */
export function payRange(minFen: number, maxFen: number, period: string, locale?: string): string {
  const t = i18n.global.t
  const lo = Math.min(minFen, maxFen)
  const hi = Math.max(minFen, maxFen)
  const figures = lo === hi ? yuan(lo, locale) : `${yuan(lo, locale)}–${yuan(hi, locale)}`
  return (PAY_PERIODS as readonly string[]).includes(period) ? `${figures} / ${t(`jobs.per.${period}`)}` : figures
}

/** An age band's key in the messages (`16_24`); a spelling like `from16_to24` is read too, and an unknown one shows as it is. */
export function ageBandKey(band: string): AgeBand | string {
  const m = /^(?:from)?(\d{2})_(?:to)?(\d{2})$/.exec(band)
  const key = m ? `${m[1]}_${m[2]}` : band
  return (AGE_BANDS as readonly string[]).includes(key) ? (key as AgeBand) : band
}

// ---- The job board: what the address bar keeps, and the search it asks for ----------------------

export interface BoardState {
  q: string
  /** The place of work: a region code prefix, at any level. */
  region: string
  skills: string[]
  /** '' for either, 'true' for housing provided, 'false' for none. */
  housing: '' | 'true' | 'false'
  payPeriod: string[]
  /** The least top pay, as typed in yuan. */
  minPay: string
  sort: string
  page: number
}

export const EMPTY_BOARD: BoardState = { q: '', region: '', skills: [], housing: '', payPeriod: [], minPay: '', sort: 'relevance', page: 1 }

function first(v: unknown): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s : ''
}
function listOf(v: unknown, allowed: readonly string[]): string[] {
  return [...new Set(first(v).split(',').map((s) => s.trim()).filter((s) => allowed.includes(s)))]
}

/** The board's state from the address bar; anything unknown is dropped, not sent. */
export function boardFromRoute(query: Record<string, unknown>): BoardState {
  const region = first(query.region)
  const housing = first(query.housing)
  const sort = first(query.sort)
  const page = Number(first(query.page))
  return {
    q: first(query.q),
    region: /^\d{2,12}$/.test(region) ? region : '',
    skills: listOf(query.skills, SKILLS),
    housing: housing === 'true' || housing === 'false' ? housing : '',
    payPeriod: listOf(query.pay_period, PAY_PERIODS),
    minPay: parseYuan(first(query.min_pay)) ? first(query.min_pay) : '',
    sort: (JOB_SORTS as readonly string[]).includes(sort) ? sort : 'relevance',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  }
}

/** What the address bar shows: only what differs from an empty board. */
export function boardToRoute(s: BoardState): Record<string, string> {
  const out: Record<string, string> = {}
  if (s.q.trim()) out.q = s.q.trim()
  if (s.region) out.region = s.region
  if (s.skills.length) out.skills = s.skills.join(',')
  if (s.housing) out.housing = s.housing
  if (s.payPeriod.length) out.pay_period = s.payPeriod.join(',')
  if (s.minPay.trim() && parseYuan(s.minPay)) out.min_pay = s.minPay.trim()
  if (s.sort !== 'relevance') out.sort = s.sort
  if (s.page > 1) out.page = String(s.page)
  return out
}

export interface JobSearchQuery {
  q?: string
  region?: string
  skills?: string
  housing?: boolean
  pay_period?: string
  pay_min_fen?: number
  sort?: string
  page: number
  per_page: number
}

/** `GET /jobs/search`'s query: lists comma-separated, the pay in fen, empty filters left out. */
export function searchQuery(s: BoardState, perPage: number): JobSearchQuery {
  const q: JobSearchQuery = { page: s.page, per_page: perPage }
  if (s.q.trim()) q.q = s.q.trim()
  if (s.region) q.region = s.region
  if (s.skills.length) q.skills = s.skills.join(',')
  if (s.housing) q.housing = s.housing === 'true'
  if (s.payPeriod.length) q.pay_period = s.payPeriod.join(',')
  const fen = s.minPay.trim() ? parseYuan(s.minPay) : null
  if (fen) q.pay_min_fen = fen
  if (s.sort !== 'relevance') q.sort = s.sort
  return q
}

/** A facet value chosen or let go: the list with `v` added, or without it. */
export function toggle(list: string[], v: string): string[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v]
}

// ---- Applications ------------------------------------------------------------------------------

export type ApplicationMove = 'invite' | 'accept' | 'hire' | 'decline' | 'withdraw'

/**
 * The moves the buttons offer (the server's state table, domain/employment/application.rs, decides
 * in the end): the employer invites, hires once accepted, declines what is under way; the
 * household (or its official) accepts an invitation and may withdraw until hired.
 */
export function applicationMoves(status: string, party: string): ApplicationMove[] {
  if (party === 'employer') {
    if (status === 'applied') return ['invite', 'decline']
    if (status === 'invited') return ['decline']
    if (status === 'accepted') return ['hire', 'decline']
    return []
  }
  if (party === 'household') {
    if (status === 'applied') return ['withdraw']
    if (status === 'invited') return ['accept', 'withdraw']
    if (status === 'accepted') return ['withdraw']
  }
  return []
}

// ---- Dates -------------------------------------------------------------------------------------

/** YYYY-MM-DD of `now` plus `days`, in Beijing (the dates of jobs are China's). */
export function dateInDays(days: number, now = Date.now()): string {
  const d = new Date(now + days * 86400e3)
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}

// ---- Figures -----------------------------------------------------------------------------------

/** Still employed of those asked, as a whole percent; null when nobody was asked yet. */
export function retentionRate(still: number, answered: number): number | null {
  return answered > 0 ? Math.round((100 * still) / answered) : null
}

export interface JobsTotals {
  jobs: number
  positions: number
  applications: number
  hires: number
  answered_30: number
  still_employed_30: number
  answered_180: number
  still_employed_180: number
}

/** The sum of the county rows (the median pay cannot be summed: it is shown per county). */
export function jobsTotals(rows: JobsStatsRow[]): JobsTotals {
  const t: JobsTotals = { jobs: 0, positions: 0, applications: 0, hires: 0, answered_30: 0, still_employed_30: 0, answered_180: 0, still_employed_180: 0 }
  for (const r of rows) for (const k of Object.keys(t) as (keyof JobsTotals)[]) t[k] += r[k]
  return t
}
