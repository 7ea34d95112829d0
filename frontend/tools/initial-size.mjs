// The JavaScript the public pages (home, needs search, a need, offers, figures) load when opened
// directly: the entry chunk, the page's chunk, and everything they import statically, gzipped.
// Fails when any of them is above the budget of 300 KB.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const BUDGET = 300 * 1024
const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'))
const size = new Map()
const gz = (file) => {
  if (!size.has(file)) size.set(file, gzipSync(readFileSync(join('dist', file))).length)
  return size.get(file)
}
function closure(key, seen = new Set()) {
  const chunk = manifest[key]
  if (!chunk || seen.has(key)) return seen
  seen.add(key)
  for (const i of chunk.imports ?? []) closure(i, seen)
  return seen
}
const pages = ['HomePage', 'SearchPage', 'NeedPage', 'OfferSearchPage', 'FiguresPage']
let worst = 0
for (const page of pages) {
  const key = Object.keys(manifest).find((k) => k.endsWith(`views/${page}.vue`))
  const keys = closure('index.html', closure(key))
  const total = [...keys].reduce((sum, k) => sum + gz(manifest[k].file), 0)
  worst = Math.max(worst, total)
  console.log(`${(total / 1024).toFixed(1).padStart(8)} KB gz  initial JavaScript of ${page}`)
}
console.log(`budget ${BUDGET / 1024} KB gz`)
if (worst > BUDGET) {
  console.error('a public page loads more initial JavaScript than the budget')
  process.exit(1)
}
