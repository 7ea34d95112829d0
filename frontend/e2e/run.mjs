// End-to-end tests of the web app in headless Chromium (Debian's, driven by playwright-core),
// against a real `bangfu serve` on a fresh database with a small demo seed. Screenshots of the main
// pages at phone and desktop widths go to e2e/artifacts/. Run through scripts/web.sh e2e.
import { chromium } from 'playwright-core'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import net from 'node:net'
import assert from 'node:assert/strict'

const SERVER = process.env.BANGFU_TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432'
const BIN = '../target/debug/bangfu'
const DB = `bangfu_e2e_${process.pid}_${Date.now()}`
const ARTIFACTS = 'e2e/artifacts'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const PASSWORD = 'bangfu-demo-2026'

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
async function step(name, fn) {
  try {
    await fn()
    results.push(`ok   ${name}`)
  } catch (e) {
    failed++
    results.push(`FAIL ${name}: ${e.stack ?? e}`)
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
  // The demo needs reach the index through the outbox: wait until search finds open ones.
  let target = null
  for (let i = 0; i < 150 && !target; i++) {
    const r = await api('/api/v1/needs/search?status=open&has_remaining=true&sort=urgency&per_page=1')
    target = r.body?.hits?.[0] ?? null
    if (!target) await new Promise((r) => setTimeout(r, 200))
  }
  assert.ok(target, 'the demo needs were indexed')

  for (const [label, width, height] of [['phone', 375, 812], ['desktop', 1280, 900]]) {
    await step(`home page at ${label} width`, async () => {
      const page = await browser.newPage({ viewport: { width, height } })
      await page.goto(base + '/')
      await page.getByRole('heading', { name: '最紧急的需求' }).waitFor()
      await page.locator('[data-test=need-card]').first().waitFor()
      await page.locator('.chart canvas').waitFor()
      await page.waitForTimeout(500)
      await page.screenshot({ path: `${ARTIFACTS}/home-${label}.png`, fullPage: true })
      await page.close()
    })
  }

  await step('a donor finds a need by a Chinese keyword, drills down by region, and pledges', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(base + '/login')
    await page.locator('#login-email').fill('donor@demo.bangfu.cn')
    await page.locator('#login-password').fill(PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL(base + '/')
    await page.goto(base + '/search')
    // Its Chinese title, segmented by the engine, finds it.
    await page.getByRole('textbox', { name: '输入关键词，边输入边搜索' }).fill(target.title)
    await page.waitForFunction(() => location.search.includes('q='))
    await page.locator('[data-test=need-card]', { hasText: target.title }).first().waitFor()
    // County → township: the region facet lists the level below with counts.
    const county = page.locator('[data-test=region-facet] li a').first()
    await county.click()
    await page.waitForFunction(() => location.search.includes('region='))
    await page.screenshot({ path: `${ARTIFACTS}/search-desktop.png`, fullPage: true })
    await page.setViewportSize({ width: 375, height: 812 })
    await page.screenshot({ path: `${ARTIFACTS}/search-phone.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
    // Open it and pledge one.
    const need = target
    await page.goto(`${base}/needs/${need.id}`)
    await page.getByRole('heading', { name: need.title }).waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/need-desktop.png`, fullPage: true })
    await page.locator('#pledge-message').fill('一点心意')
    await page.locator('[data-test=pledge-submit]').click()
    await page.getByText('认捐已提交，等待工作人员审核').waitFor()
    const after = await api(`/api/v1/needs/${need.id}`)
    assert.equal(after.body.pledged_quantity, need.pledged_quantity + 1)
    await page.close()
  })

  await step('the language switch changes the labels', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/')
    await page.getByRole('link', { name: '找需求' }).waitFor()
    await page.locator('[data-test=language]').click()
    await page.getByRole('link', { name: 'Find needs' }).waitFor()
    await page.getByRole('heading', { name: 'Most urgent needs' }).waitFor()
    assert.equal(await page.getByRole('link', { name: '找需求' }).count(), 0)
    await page.close()
  })

  await step('a failed sign-in says why, in the page', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/login')
    await page.locator('#login-email').fill('donor@demo.bangfu.cn')
    await page.locator('#login-password').fill('wrong-password-123')
    await page.locator('[data-test=login-submit]').click()
    await page.getByText('邮箱或密码不正确').waitFor()
    await page.close()
  })
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
