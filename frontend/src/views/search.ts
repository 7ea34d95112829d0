/** Where a region drill-down starts: an official's jurisdiction, a household's county, else the demo's county (卢氏县). */
export const DEMO_COUNTY = '411224'
export function startRegion(me: { jurisdiction?: { region_code: string } | null; household?: { region_code: string } | null } | null): string {
  if (me?.jurisdiction?.region_code) return me.jurisdiction.region_code
  if (me?.household?.region_code) return me.household.region_code.slice(0, 6)
  return DEMO_COUNTY
}

/** The region one level up: village (12) → township (9) → county (6) → city (4) → province (2) → all. */
export function parentRegion(code: string): string {
  const lengths = [2, 4, 6, 9, 12]
  const i = lengths.indexOf(code.length)
  return i <= 0 ? '' : code.slice(0, lengths[i - 1])
}
