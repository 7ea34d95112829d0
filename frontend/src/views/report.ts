import type { Schemas } from '../api/client'

export interface ReportRow {
  region: string
  category: string
  pledges: number
  quantity: number
}

/** Confirmed pledges summed by the need's county (its region path up to the county) and category. */
export function summarize(pledges: Schemas['PledgeView'][], needs: Record<string, Schemas['NeedView']>): ReportRow[] {
  const rows = new Map<string, ReportRow>()
  for (const p of pledges) {
    const n = needs[p.need_id]
    if (!n) continue
    const county = n.region.path.slice(0, 3).map((r) => r.name).join(' ')
    const key = `${county}|${n.category}`
    const row = rows.get(key) ?? { region: county, category: n.category, pledges: 0, quantity: 0 }
    row.pledges += 1
    row.quantity += p.quantity
    rows.set(key, row)
  }
  return [...rows.values()].sort((a, b) => a.region.localeCompare(b.region) || a.category.localeCompare(b.category))
}
