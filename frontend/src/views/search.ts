/** The region one level up: village (12) → township (9) → county (6) → city (4) → province (2) → all. */
export function parentRegion(code: string): string {
  const lengths = [2, 4, 6, 9, 12]
  const i = lengths.indexOf(code.length)
  return i <= 0 ? '' : code.slice(0, lengths[i - 1])
}
