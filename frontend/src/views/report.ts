import type { Schemas } from '../api/client'

export interface ReportRow {
  region: string
  category: string
  /** Quantities are only added within one unit (台 and 元 never mix). */
  unit: string
  pledges: number
  quantity: number
  /** The pledged share of each need's estimated value, in fen. */
  valueFen: number
}

/** Confirmed pledges summed by the need's county (its region path up to the county), category and unit. */
export function summarize(pledges: Schemas['PledgeView'][], needs: Record<string, Schemas['NeedView']>): ReportRow[] {
  const rows = new Map<string, ReportRow>()
  for (const p of pledges) {
    const n = needs[p.need_id]
    if (!n) continue
    const county = n.region.path.slice(0, 3).map((r) => r.name).join(' ')
    const key = `${county}|${n.category}|${n.unit}`
    const row = rows.get(key) ?? { region: county, category: n.category, unit: n.unit, pledges: 0, quantity: 0, valueFen: 0 }
    row.pledges += 1
    row.quantity += p.quantity
    row.valueFen += n.quantity > 0 ? Math.round((n.estimated_value_fen * p.quantity) / n.quantity) : 0
    rows.set(key, row)
  }
  return [...rows.values()].sort((a, b) => a.region.localeCompare(b.region) || a.category.localeCompare(b.category) || a.unit.localeCompare(b.unit))
}

/** The value (fen) by category, for the chart: money adds up across units, quantities do not. */
export function valueByCategory(rows: ReportRow[]): Map<string, number> {
  const by = new Map<string, number>()
  for (const r of rows) by.set(r.category, (by.get(r.category) ?? 0) + r.valueFen)
  return by
}
