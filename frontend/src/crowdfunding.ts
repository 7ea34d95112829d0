// 扶贫众筹 and campaigns (src/api/projects and src/api/campaigns on the server): the logic the pages
// share — amounts in yuan → fen, progress, the budget's target, the public ledger as one dated list,
// and the campaign chart's series drawn as inline SVG.
import type { Schemas } from './api/client'
import { parseYuan } from './products'

export type Project = Schemas['ProjectView']
export type Ledger = Schemas['LedgerView']
export type Campaign = Schemas['CampaignView']
export type ProgressPoint = Schemas['ProgressPoint']

/** Per mille (0–1000) → a whole percent for a progress bar, never beyond 100. */
export function percent(permille: number): number {
  return Math.max(0, Math.min(100, Math.floor(permille / 10)))
}

/** Pledged over target as a percent (pledges may pass the target), capped at 100 for a bar. */
export function pledgedPercent(p: Pick<Project, 'pledged_fen' | 'target_fen'>): number {
  if (p.target_fen <= 0) return 0
  return Math.max(0, Math.min(100, Math.floor((p.pledged_fen * 100) / p.target_fen)))
}

export interface LineDraft {
  item: string
  amount: string
}

/** The budget lines typed in yuan → the request's lines; `null` for an amount that is not money. */
export function budgetLines(lines: LineDraft[]): { item: string; amount_fen: number }[] | null {
  const out = []
  for (const l of lines) {
    const fen = parseYuan(l.amount)
    if (fen === null || fen <= 0) return null
    out.push({ item: l.item.trim(), amount_fen: fen })
  }
  return out
}

/** The target: the sum of the lines whose amounts parse (0 when none do). */
export function budgetTotal(lines: LineDraft[]): number {
  return lines.reduce((s, l) => {
    const fen = parseYuan(l.amount)
    return s + (fen !== null && fen > 0 ? fen : 0)
  }, 0)
}

export type LedgerKind = 'pledge' | 'receipt' | 'spending' | 'refund'
export interface LedgerRow {
  kind: LedgerKind
  id: string
  /** The date it happened (YYYY-MM-DD or an RFC 3339 time), sorted on. */
  date: string
  amount_fen: number
  /** Who (a pledge's masked supporter; for a receipt or refund, the pledge's). */
  supporter: string
  text: string
  thumb_url?: string
  image_url?: string
  /** The budget line of a spending. */
  line?: string
}

/** Every line of the ledger in one list, newest first (the order Open Collective shows). */
export function ledgerRows(ledger: Ledger, budget: Schemas['BudgetLineView'][] = []): LedgerRow[] {
  const who = new Map(ledger.pledges.map((p) => [p.id, p.supporter]))
  const lines = new Map(budget.map((l) => [l.id, l.item]))
  const rows: LedgerRow[] = [
    ...ledger.pledges.map((p) => ({ kind: 'pledge' as const, id: p.id, date: p.created_at, amount_fen: p.amount_fen, supporter: p.supporter, text: p.message })),
    ...ledger.receipts.map((r) => ({ kind: 'receipt' as const, id: r.id, date: r.received_on, amount_fen: r.amount_fen, supporter: who.get(r.pledge_id) ?? '', text: '' })),
    ...ledger.spending.map((s) => ({
      kind: 'spending' as const, id: s.id, date: s.spent_on, amount_fen: s.amount_fen, supporter: '',
      text: s.reversal_reason ? `${s.description} — ${s.reversal_reason}` : s.description,
      // An image not yet published reaches only the host and the officials (ProjectReceipts).
      thumb_url: s.receipt_status === 'published' ? s.thumb_url ?? undefined : undefined,
      image_url: s.receipt_status === 'published' ? s.image_url ?? undefined : undefined,
      line: lines.get(s.budget_line_id) ?? '',
    })),
    ...ledger.refunds.map((r) => ({ kind: 'refund' as const, id: r.id, date: r.refunded_on, amount_fen: r.amount_fen, supporter: who.get(r.pledge_id) ?? '', text: '' })),
  ]
  return rows.sort((a, b) => (a.date.slice(0, 10) === b.date.slice(0, 10) ? 0 : a.date < b.date ? 1 : -1))
}

/** What a pledge still has to receive (the host's receipt form proposes it). */
export function toReceive(p: Schemas['ProjectPledgeView']): number {
  return p.status === 'lapsed' ? 0 : Math.max(0, p.amount_fen - p.received_fen)
}

/** What can still be refunded of a pledge. */
export function toRefund(p: Schemas['ProjectPledgeView']): number {
  return Math.max(0, p.received_fen - p.refunded_fen)
}

export interface Series {
  /** Cumulative donor value (fen) at each point. */
  donors: number[]
  /** Cumulative matches drawn (fen) at each point. */
  matched: number[]
  /** Each point's end time. */
  times: string[]
}

/** The progress buckets → cumulative series, oldest first. */
export function cumulative(points: ProgressPoint[]): Series {
  const sorted = [...points].sort((a, b) => (a.starts_at < b.starts_at ? -1 : a.starts_at > b.starts_at ? 1 : 0))
  let d = 0
  let m = 0
  const s: Series = { donors: [], matched: [], times: [] }
  for (const p of sorted) {
    d += p.donor_value_fen
    m += p.matched_fen
    s.donors.push(d)
    s.matched.push(m)
    s.times.push(p.ends_at)
  }
  return s
}

/**
 * An SVG polyline's points for `values` in a `width`×`height` box (y grows downwards), scaled to
 * `max`. One value is drawn as a flat line across, so a single bucket still shows.
 */
export function polyline(values: number[], width: number, height: number, max: number): string {
  if (!values.length) return ''
  const top = max > 0 ? max : 1
  const y = (v: number) => +(height - (v / top) * height).toFixed(1)
  if (values.length === 1) return `0,${y(values[0])} ${width},${y(values[0])}`
  const step = width / (values.length - 1)
  return values.map((v, i) => `${+(i * step).toFixed(1)},${y(v)}`).join(' ')
}

/** The ratio a fund form sends: a decimal string with at most two decimals, or null. */
export function ratioText(input: string): string | null {
  const s = input.trim().replace(/[：:]\s*1$/, '')
  return /^\d{1,2}(\.\d{1,2})?$/.test(s) && Number(s) > 0 ? s : null
}

/** A `datetime-local` value (Beijing time) → RFC 3339 with +08:00. */
export function beijingLocal(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null
  return `${v}:00+08:00`
}
