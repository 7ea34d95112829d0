// End-to-end tests of the web app in headless Chromium (Debian's, driven by playwright-core),
// against a real `bangfu serve` on a fresh database with a small demo seed. Screenshots of the main
// pages at phone and desktop widths go to e2e/artifacts/. Run through scripts/web.sh e2e.
import { chromium } from 'playwright-core'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import net from 'node:net'
import assert from 'node:assert/strict'
import { signIn } from './helpers.mjs'

const SERVER = process.env.BANGFU_TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432'
const BIN = '../target/debug/bangfu'
const DB = `bangfu_e2e_${process.pid}_${Date.now()}`
const ARTIFACTS = 'e2e/artifacts'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const PASSWORD = 'bangfu-demo-2026'
// The core steps of e2e/core/, in the order they run (before the journeys).
const CORE = [
  'home-search-and-pledges.mjs',
  'offers-and-officials.mjs',
  'layout-and-guards.mjs',
  'pledge-messages-and-menu.mjs',
  'review-and-checks.mjs',
  'screenshots.mjs',
]

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

const port = await freePort()
const base = `http://127.0.0.1:${port}`
const env = {
  ...process.env,
  DATABASE_URL: `${SERVER}/${DB}`,
  BANGFU_DATA_DIR: mkdtempSync(join(tmpdir(), 'bangfu-e2e-')),
  BANGFU_BIND: `127.0.0.1:${port}`,
  BANGFU_WEB_DIR: 'dist',
  BANGFU_JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0000',
  BANGFU_LOG: 'warn',
  BANGFU_JOB_WORKERS: '2',
}
mkdirSync(ARTIFACTS, { recursive: true })
execFileSync(BIN, ['seed', 'demo', '--households', '30', '--needs', '90'], { env, stdio: 'ignore' })
const server = spawn(BIN, ['serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] })

async function api(path, init = {}) {
  const r = await fetch(base + path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } })
  const text = await r.text()
  return { status: r.status, body: text ? JSON.parse(text) : null }
}

let failed = 0
const results = []
let lastPage = null
// BANGFU_E2E_ONLY=products runs only the journeys whose file name holds it (the set-up still runs).
const ONLY = process.env.BANGFU_E2E_ONLY ?? ''
let journeyFile = ''
async function step(name, fn) {
  if (ONLY && !journeyFile.includes(ONLY)) return
  try {
    await fn()
    results.push(`ok   ${name}`)
  } catch (e) {
    failed++
    results.push(`FAIL ${name}: ${e.stack ?? e}`)
    if (lastPage && !lastPage.isClosed()) {
      await lastPage.screenshot({ path: `${ARTIFACTS}/failure-${failed}.png`, fullPage: true }).catch(() => {})
      results.push(`     page text: ${(await lastPage.locator('main').innerText().catch(() => '')).slice(0, 400)}`)
    }
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS })
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  // The demo household posts a need and the county official approves it (set-up through the API);
  // it reaches the index through the outbox, so wait until search finds it.
  const token = async (email) =>
    (await api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email, password: PASSWORD }) })).body.access_token
  const hh = await token('household@demo.bangfu.cn')
  const official = await token('official.lushi@demo.bangfu.cn')
  const deadline = new Date(Date.now() + 30 * 86400e3).toISOString()
  const posted = await api('/api/v1/needs', {
    method: 'POST',
    headers: { authorization: `Bearer ${hh}` },
    body: JSON.stringify({ title: '需要一台电动轮椅', description: '父亲偏瘫，出行就医不便', category: 'care', quantity: 1, unit: '台',
      estimated_value_fen: 150000, urgency: 'urgent', deadline, region_code: '411224101200' }),
  })
  assert.equal(posted.status, 201, JSON.stringify(posted.body))
  const reviewed = await api(`/api/v1/needs/${posted.body.id}/review`, {
    method: 'POST', headers: { authorization: `Bearer ${official}` }, body: JSON.stringify({ decision: 'approve' }),
  })
  assert.equal(reviewed.status, 200)
  const target = reviewed.body
  for (let i = 0; i < 150; i++) {
    const r = await api(`/api/v1/needs/search?q=${encodeURIComponent('轮椅')}`)
    if (r.body?.hits?.some((h) => h.id === target.id)) break
    await new Promise((r) => setTimeout(r, 200))
  }


  // The core steps, in this order (later ones build on the pledges and needs of earlier ones), then the
  // journeys of later features in e2e/journeys/*.mjs, one file each, run in name order: all
  // `export default async (ctx) => {...}`, with the same server, browser and helpers.
  const setLastPage = (p) => { lastPage = p }
  const signInAs = (email, viewport, path) => signIn({ browser, base, PASSWORD, setLastPage }, email, viewport, path)
  const ctx = { browser, base, api, step, signIn: signInAs, token, target, ARTIFACTS, PASSWORD, env, setLastPage }
  // The core steps also read the set-up's tokens (`hh`, `official`), its deadline and the server binary.
  const core = { ...ctx, hh, official, deadline, BIN }
  for (const file of CORE) {
    const steps = await import(new URL(`./core/${file}`, import.meta.url).href)
    await steps.default(core)
  }
  for (const file of readdirSync(new URL('./journeys/', import.meta.url)).filter((f) => f.endsWith('.mjs')).sort()) {
    if (ONLY && !file.includes(ONLY)) continue
    journeyFile = file
    const journey = await import(new URL(`./journeys/${file}`, import.meta.url).href)
    await journey.default(ctx)
  }
} finally {
  await browser.close()
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  try {
    execFileSync('psql', [`${SERVER}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`], { stdio: 'ignore' })
  } catch {}
}
console.log(results.join('\n'))
if (failed) {
  console.error(`${failed} browser test(s) failed`)
  process.exit(1)
}
console.log(`browser tests passed; screenshots in frontend/${ARTIFACTS}/`)
