/**
 * A text cell a spreadsheet would read as a formula (OWASP "CSV injection"): one starting with
 * =, +, -, @, a tab or a carriage return. Titles and notes are typed by strangers, so an export
 * must never run them in an official's spreadsheet.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** The cell as text, with a leading single quote when it would start a formula. */
export function neutralize(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  // Numbers are ours, not typed by anyone: -3 stays a number.
  if (typeof v === 'number') return String(v)
  return FORMULA_START.test(v) ? `'${v}` : v
}

/** RFC 4180 CSV with a BOM, so spreadsheet programs read the Chinese correctly; formulas neutralized. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = neutralize(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

export function download(name: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  URL.revokeObjectURL(url)
}
