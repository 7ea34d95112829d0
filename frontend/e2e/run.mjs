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

  /** The first row matching `text` in the visible tab, paging forward until it shows. */
  async function findRow(page, selector, text) {
    for (let i = 0; i < 30; i++) {
      const row = page.locator(selector, { hasText: text }).first()
      if (await row.isVisible().catch(() => false)) return row
      await page.waitForTimeout(300)
      if (await row.isVisible().catch(() => false)) return row
      const next = page.locator('.el-tab-pane:visible .btn-next, .el-tab-pane[aria-hidden=false] .btn-next').first()
      if (!(await next.isVisible().catch(() => false)) || (await next.isDisabled())) break
      await next.click()
    }
    throw new Error(`no ${selector} with ${text}`)
  }

  /** The sign-in page that returns to `path` afterwards. */
  const atLogin = (path) => (url) => url.pathname === '/login' && url.searchParams.get('redirect') === path

  /** Fills the sign-in form and waits until the app lands on `path`. */
  async function submitLogin(page, email, path) {
    await page.locator('#login-email').fill(email)
    await page.locator('#login-password').fill(PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL(base + path, { timeout: 10000 }).catch(async () => {
      throw new Error(`${email} could not sign in and reach ${path}: ${page.url()} ${await page.locator('main').innerText()}`)
    })
  }

  /**
   * Chooses a region in a region picker by typing each level's name (province → … → village), the
   * way a person does; `scope` holds the picker.
   */
  async function pickRegion(page, scope, names) {
    for (const name of names) {
      await scope.locator('[data-test=region-select]').click()
      await page.keyboard.type(name)
      await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
      await scope.locator('.crumbs', { hasText: name }).waitFor()
    }
  }

  /** Clicks the confirming button of a confirmation dialog after checking what it says will happen. */
  async function confirmDialog(page, says, button) {
    const box = page.locator('.el-message-box:visible')
    await box.getByText(says).waitFor()
    await box.locator('.el-message-box__btns button', { hasText: button }).click()
  }

  /**
   * Opens `path` in a fresh browser context and signs in: a guarded page sends the visitor to sign
   * in and back, so the app then shows `path` without a reload (the access token lives in memory).
   */
  async function signIn(email, viewport = { width: 1280, height: 900 }, path = '/') {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    lastPage = page
    await page.goto(base + (path === '/' ? '/login' : path))
    if (path !== '/') await page.waitForURL(atLogin(path))
    await submitLogin(page, email, path)
    return page
  }

  await step('a donor finds a need by a Chinese keyword, drills down by region, signs in from the need and pledges', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    lastPage = page
    await page.goto(base + '/search')
    // 轮椅 finds 电动轮椅: the engine segments the Chinese title.
    await page.getByRole('textbox', { name: '输入关键词，边输入边搜索' }).fill('轮椅')
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
    assert.equal(await page.title(), `${need.title} · 帮扶`)
    await page.screenshot({ path: `${ARTIFACTS}/need-desktop.png`, fullPage: true })
    // "登录后可以认捐" signs in and comes back to this need.
    await page.locator('[data-test=sign-in-to-pledge]').click()
    await page.locator('[data-test=login-notice]').waitFor()
    await submitLogin(page, 'donor@demo.bangfu.cn', `/needs/${need.id}`)
    await page.locator('#pledge-message').fill('一点心意')
    await page.locator('[data-test=pledge-submit]').click()
    await page.getByText('认捐已提交，等待工作人员审核').waitFor()
    const after = await api(`/api/v1/needs/${need.id}`)
    assert.equal(after.body.pledged_quantity, need.pledged_quantity + 1)
    await page.context().close()
  })

  await step('the official approves; the donor delivers with the household\'s code; anyone sees the trail and verifies it', async () => {
    const official = await signIn('official.lushi@demo.bangfu.cn', undefined, '/review')
    await official.getByRole('tab', { name: /认捐/ }).click()
    const row = await findRow(official, 'tr.review-pledge', target.title)
    // The supporter shows on the pledge, its value in ¥.
    await row.getByText('爱**').waitFor()
    await row.getByText('¥1,500').waitFor()
    await row.locator('[data-test=approve-pledge]').click()
    await confirmDialog(official, '通过后，认捐人会收到通知', '通过')
    await official.getByText('已处理').first().waitFor()
    await official.screenshot({ path: `${ARTIFACTS}/review-desktop.png`, fullPage: true })
    await official.context().close()

    const household = await signIn('household@demo.bangfu.cn', { width: 375, height: 812 }, '/me/needs')
    const mineRow = household.locator('[data-test=my-need]', { hasText: target.title })
    const codeText = await mineRow.locator('[data-test=receipt-code]').first().innerText()
    const code = codeText.match(/\d{6}/)[0]
    await household.screenshot({ path: `${ARTIFACTS}/my-needs-phone.png`, fullPage: true })
    await household.context().close()

    const donor = await signIn('donor@demo.bangfu.cn', undefined, '/me/pledges')
    await donor.locator('.el-radio-button', { hasText: '已通过' }).click()
    await donor.locator('[data-test=pledge-row]', { hasText: target.title }).first().locator('[data-test=deliver]').click()
    await donor.locator('#deliver-note').fill('已送到家中')
    await donor.locator('#deliver-code').fill(code)
    await donor.locator('[data-test=deliver-submit]').click()
    await donor.getByText('已登记送达').waitFor()
    await donor.context().close()

    const anonymous = await browser.newPage()
    await anonymous.goto(`${base}/needs/${target.id}`)
    await anonymous.getByText(/爱\*\* · 1 台 · 已确认收到/).waitFor()
    assert.match(await anonymous.locator('[data-test=progress]').innerText(), /已认捐 1 台，其中已确认收到 1 台，共需 1 台/)
    await anonymous.locator('[data-test=status-badge]', { hasText: '已完成' }).waitFor()
    assert.match(await anonymous.locator('[data-test=value]').innerText(), /¥1,500/)
    await anonymous.screenshot({ path: `${ARTIFACTS}/need-trail-desktop.png`, fullPage: true })
    await anonymous.goto(base + '/audit')
    await anonymous.locator('[data-test=verify]').click()
    await anonymous.getByText(/校验通过/).waitFor()
    await anonymous.close()
  })

  await step('a household confirms a delivery with a rating and thanks, which anyone then reads', async () => {
    const auth = (tok) => ({ authorization: `Bearer ${tok}` })
    const donorToken = await token('donor@demo.bangfu.cn')
    const posted = await api('/api/v1/needs', { method: 'POST', headers: auth(hh), body: JSON.stringify({ title: '老人冬季棉衣两件',
      description: '老人过冬缺棉衣', category: 'food_clothing', quantity: 2, unit: '件', estimated_value_fen: 20000, urgency: 'urgent', deadline, region_code: '411224101200' }) })
    await api(`/api/v1/needs/${posted.body.id}/review`, { method: 'POST', headers: auth(official), body: JSON.stringify({ decision: 'approve' }) })
    const p = await api(`/api/v1/needs/${posted.body.id}/pledges`, { method: 'POST', headers: { ...auth(donorToken), 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ quantity: 2, message: '天冷了' }) })
    assert.equal(p.status, 201)
    await api(`/api/v1/pledges/${p.body.id}/approve`, { method: 'POST', headers: auth(official), body: '{}' })
    const d = await api(`/api/v1/pledges/${p.body.id}/deliver`, { method: 'POST', headers: auth(donorToken), body: JSON.stringify({ note: '已送到村委会' }) })
    assert.equal(d.status, 200)
    const household = await signIn('household@demo.bangfu.cn', { width: 375, height: 812 }, '/me/needs')
    await household.locator('[data-test=my-need]', { hasText: '老人冬季棉衣两件' }).locator('[data-test=confirm]').click()
    await household.locator('#confirm-thanks').fill('谢谢好心人，棉衣很暖和')
    await household.locator('[data-test=confirm-submit]').click()
    await household.getByText('已确认收到').first().waitFor()
    await household.context().close()
    const anonymous = await browser.newPage()
    await anonymous.goto(`${base}/needs/${posted.body.id}`)
    await anonymous.getByText('谢谢好心人，棉衣很暖和').waitFor()
    await anonymous.close()
  })

  await step('an enterprise publishes an offer (a field error shows next to its field), previews and allocates it', async () => {
    // A published need for school bags in the county, so the allocation has one to serve whatever
    // the small demo's random draw left open.
    const bag = await api('/api/v1/needs', {
      method: 'POST',
      headers: { authorization: `Bearer ${hh}` },
      body: JSON.stringify({ title: '学习用品和书包', description: '孩子开学需要书包和文具', category: 'education', quantity: 2, unit: '个',
        estimated_value_fen: 8000, urgency: 'normal', deadline, region_code: '411224101200' }),
    })
    assert.equal(bag.status, 201)
    const reviewer = await token('official.lushi@demo.bangfu.cn')
    const approved = await api(`/api/v1/needs/${bag.body.id}/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reviewer}` },
      body: JSON.stringify({ decision: 'approve' }),
    })
    assert.equal(approved.status, 200)
    const page = await signIn('enterprise@demo.bangfu.cn', undefined, '/me/offers')
    await page.locator('[data-test=offer-submit]').click()
    // The API's field error appears next to the title.
    await page.locator('.el-form-item', { has: page.locator('#offer-title') }).locator('.el-form-item__error').waitFor()
    await page.locator('#offer-title').fill('爱心书包三百个')
    await page.locator('#offer-description').fill('新书包，含文具一套')
    await page.locator('#offer-quantity').fill('300')
    await page.locator('#offer-unit').fill('个')
    // The service area is chosen by name, level by level.
    await pickRegion(page, page.locator('.publish'), ['河南省', '三门峡市', '卢氏县'])
    await page.screenshot({ path: `${ARTIFACTS}/region-picker-desktop.png`, fullPage: true })
    await page.locator('[data-test=offer-submit]').click()
    await page.getByText('已发布，爱心供给已公开').waitFor()
    const row = page.locator('[data-test=offer-row]', { hasText: '爱心书包三百个' })
    await row.waitFor()
    // Edit it, then spread it over needs.
    await row.locator('[data-test=edit-offer]').click()
    await page.locator('#edit-offer-title').fill('爱心书包三百个（含文具）')
    await page.locator('[data-test=edit-offer-submit]').click()
    await page.locator('[data-test=offer-row]', { hasText: '（含文具）' }).waitFor()
    await row.locator('[data-test=allocate]').click()
    await page.locator('[data-test=preview]').click()
    await page.locator('[data-test=plan]').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/allocation-desktop.png`, fullPage: true })
    await page.locator('[data-test=commit]').click()
    await page.getByText(/已创建 \d+ 笔认捐/).waitFor()
    await page.context().close()
  })

  await step('an official rejects a need with a reason and the household sees it', async () => {
    const posted = await api('/api/v1/needs', {
      method: 'POST',
      headers: { authorization: `Bearer ${hh}` },
      body: JSON.stringify({ title: '冬季棉被两床', description: '家中老人过冬需要棉被', category: 'food_clothing', quantity: 2, unit: '床',
        estimated_value_fen: 30000, urgency: 'normal', deadline, region_code: '411224101200' }),
    })
    assert.equal(posted.status, 201)
    const official = await signIn('official.lushi@demo.bangfu.cn', undefined, '/review')
    const row = await findRow(official, 'tr.review-need', '冬季棉被两床')
    await row.getByRole('button', { name: '不通过' }).click()
    await official.locator('.el-message-box').getByText('不通过时，需求不会公开').waitFor()
    await official.locator('.el-message-box__input input').fill('请补充家庭情况说明')
    await official.locator('.el-message-box__btns button', { hasText: '确定' }).click()
    await official.getByText('已处理').first().waitFor()
    await official.context().close()
    const household = await signIn('household@demo.bangfu.cn', { width: 375, height: 812 }, '/me/needs')
    await household.getByText('请补充家庭情况说明').waitFor()
    // The household edits the rejected need, which submits it again.
    const mineRow = household.locator('[data-test=my-need]', { hasText: '冬季棉被两床' })
    await mineRow.locator('[data-test=edit-need]').click()
    await household.locator('#edit-description').fill('家中两位老人过冬需要棉被，已补充情况说明')
    await household.locator('[data-test=edit-submit]').click()
    await mineRow.getByText('待审核').waitFor()
    await household.context().close()
  })

  await step('an enterprise registers (the credit code is checked next to its field) and verifies its address', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } })
    lastPage = page
    await page.goto(base + '/register')
    await page.locator('.el-radio-button', { hasText: '企业' }).click()
    const email = `e2e-${Date.now()}@example.cn`
    await page.locator('#reg-email').fill(email)
    await page.locator('#reg-password').fill('a-long-e2e-password-1')
    await page.locator('#reg-name').fill('卢氏县测试企业')
    await page.locator('#reg-org').fill('卢氏县测试企业有限公司')
    await page.locator('#reg-credit').fill('91411224MA45BF0Q7X')
    await page.locator('[data-test=register-submit]').click()
    await page.locator('.el-form-item', { has: page.locator('#reg-credit') }).locator('.el-form-item__error').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/register-error-phone.png`, fullPage: true })
    await page.locator('#reg-credit').fill('91350100M000100Y43')
    await page.locator('[data-test=register-submit]').click()
    await page.locator('[data-test=registered]').waitFor()
    // Without SMTP the verification mail is an .eml file in the data directory.
    const dir = join(env.BANGFU_DATA_DIR, 'mail')
    let link = null
    for (let i = 0; i < 100 && !link; i++) {
      for (const f of readdirSync(dir, { withFileTypes: true }).filter((f) => f.name.endsWith('.eml'))) {
        const raw = readFileSync(join(dir, f.name), 'utf8')
        if (!raw.includes(email)) continue
        // The parts are base64: decode each and look for the link.
        for (const part of raw.split(/Content-Transfer-Encoding: base64\r?\n\r?\n/).slice(1)) {
          const text = Buffer.from(part.split(/\r?\n--/)[0].replace(/\s+/g, ''), 'base64').toString('utf8')
          link = link ?? text.match(/\/account\/verify-email\?token=[A-Za-z0-9_-]+/)?.[0] ?? null
        }
      }
      if (!link) await new Promise((r) => setTimeout(r, 200))
    }
    assert.ok(link, 'the verification mail was written')
    await page.goto(base + link)
    await page.getByRole('button', { name: /Verify/ }).click()
    await page.getByText('邮箱已验证').waitFor()
    await page.close()
  })

  await step('a household posts a need; an official creates a profile and posts a need for it', async () => {
    const household = await signIn('household@demo.bangfu.cn', { width: 375, height: 812 }, '/me/needs')
    await household.getByText('发布需求').first().click()
    await household.locator('#need-title').fill('孩子上学的书包文具')
    await household.locator('#need-description').fill('两个孩子上小学，需要书包和文具')
    await household.locator('#need-unit').fill('套')
    await household.locator('[data-test=need-submit]').click()
    await household.locator('[data-test=my-need]', { hasText: '孩子上学的书包文具' }).waitFor()
    await household.context().close()
    const duguan = await signIn('official.duguan@demo.bangfu.cn', undefined, '/official')
    await duguan.locator('.chart canvas').waitFor()
    await duguan.locator('#hh-head').fill('李桂英')
    // The official's township is the picker's start: the village is chosen by name.
    await pickRegion(duguan, duguan.locator('.el-form-item', { hasText: '所在村' }), ['龙王庙'])
    // The workbench shows what waits for review.
    await duguan.locator('[data-test=todo]').getByText('条需求待审核').waitFor()
    await duguan.getByRole('button', { name: '为家庭建档' }).click()
    await duguan.getByText('已建档: 李桂英').waitFor()
    await duguan.locator('#need-title').fill('老人冬季棉衣')
    await duguan.locator('#need-unit').fill('件')
    await duguan.locator('[data-test=need-submit]').click()
    await duguan.waitForFunction(() => document.querySelector('#need-title')?.value === '')
    await duguan.screenshot({ path: `${ARTIFACTS}/official-desktop.png`, fullPage: true })
    const [csv] = await Promise.all([duguan.waitForEvent('download'), duguan.locator('[data-test=export-pledges]').click()])
    assert.match(csv.suggestedFilename(), /^pledges-411224101\.csv$/)
    await duguan.context().close()
    const queue = await api('/api/v1/review/needs?per_page=100', { headers: { authorization: `Bearer ${official}` } })
    assert.ok(queue.body.items.some((i) => i.need.title === '老人冬季棉衣'), 'the need posted for the household waits for review')
    assert.ok(queue.body.items.some((i) => i.need.title === '孩子上学的书包文具'))
  })

  await step('offers search, the figures of a region, and a donor\'s contribution report', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/offers')
    await page.locator('[data-test=offer-hit]', { hasText: '冬季棉衣棉被捐赠' }).waitFor()
    await page.goto(base + '/figures')
    await page.locator('[data-test=figures]').waitFor()
    await page.locator('.chart canvas').waitFor()
    // Counts and values in ¥: never quantities of different units added up.
    assert.match(await page.locator('[data-test=pledged-value]').innerText(), /^¥[\d,]+(\.\d\d)?$/)
    assert.match(await page.locator('[data-test=needs-count]').innerText(), /^[\d,]+$/)
    assert.doesNotMatch(await page.locator('[data-test=figures]').innerText(), /已认捐\s*$/m)
    await page.screenshot({ path: `${ARTIFACTS}/figures-desktop.png`, fullPage: true })
    await page.close()
    const donor = await signIn('donor@demo.bangfu.cn', undefined, '/me/report')
    await donor.getByText('卢氏县').first().waitFor()
    assert.match(await donor.locator('[data-test=report-value]').innerText(), /^¥/)
    const [file] = await Promise.all([donor.waitForEvent('download'), donor.getByRole('button', { name: '下载 CSV' }).click()])
    assert.equal(file.suggestedFilename(), 'contribution.csv')
    await donor.context().close()
  })

  await step('an admin appoints an official, verifies an organization and sees failed jobs', async () => {
    execFileSync(BIN, ['admin', 'create', '--email', 'admin@e2e.test', '--password-stdin', '--name', '管理员'], { env, input: PASSWORD + '\n', stdio: ['pipe', 'ignore', 'ignore'] })
    const admin = await signIn('admin@e2e.test', undefined, '/admin')
    await admin.locator('#off-email').fill('chengguan2@e2e.test')
    await admin.locator('#off-password').fill('a-long-official-password-1')
    await admin.locator('#off-name').fill('城关镇 王干事')
    await pickRegion(admin, admin.locator('.el-form-item', { hasText: '辖区' }), ['河南', '三门峡', '卢氏', '城关镇'])
    await admin.getByRole('button', { name: '创建' }).click()
    await admin.getByText('已创建 chengguan2@e2e.test').waitFor()
    await admin.getByRole('tab', { name: '待认证机构' }).click()
    // The enterprise registered above (the demo's own is verified by the county in the demo data).
    const org = admin.locator('.row', { hasText: '卢氏县测试企业有限公司' })
    await org.getByRole('button', { name: '认证' }).click()
    await org.waitFor({ state: 'detached' })
    await admin.getByRole('tab', { name: '失败的任务' }).click()
    await admin.screenshot({ path: `${ARTIFACTS}/admin-desktop.png`, fullPage: true })
    await admin.context().close()
  })

  await step('phone width, labels and the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } })
    for (const path of ['/', '/search', `/needs/${target.id}`, '/offers', '/products', '/figures', '/audit', '/login', '/register']) {
      await page.goto(base + path)
      await page.waitForLoadState('networkidle')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px at 375px`)
      const unnamed = await page.evaluate(() => {
        const name = (el) =>
          el.getAttribute('aria-label') || (el.labels && el.labels[0]?.innerText) || el.getAttribute('title') || el.innerText?.trim() ||
          (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))?.innerText)
        const visible = [...document.querySelectorAll('input:not([type=hidden]), textarea, select, button, a[href]')]
          .filter((el) => el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
        return { checked: visible.length, unnamed: visible.filter((el) => !name(el)).map((el) => el.outerHTML.slice(0, 120)) }
      })
      assert.ok(unnamed.checked >= 3, `${path}: only ${unnamed.checked} controls found`)
      assert.deepEqual(unnamed.unnamed, [], `${path}: controls without a label`)
    }
    // Keyboard only: tab to the search box, type, Enter.
    await page.goto(base + '/')
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab')
      if (await page.evaluate(() => document.activeElement?.getAttribute('aria-label')?.includes('搜索需求'))) break
    }
    await page.keyboard.type('轮椅')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/search\?q=/)
    await page.locator('[data-test=need-card]').first().waitFor()
    await page.close()
  })

  await step('guards: signed out one is asked to sign in, a wrong role sees "not for your role", signing out leaves a guarded page, each page has its title', async () => {
    // A household opens the officials' review queue: first asked to sign in, then told it is not for its role.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    lastPage = page
    await page.goto(base + '/review')
    await page.waitForURL(atLogin('/review'))
    await page.locator('[data-test=login-notice]').waitFor()
    assert.equal(await page.title(), '登录 · 帮扶')
    await page.locator('#login-email').fill('household@demo.bangfu.cn')
    await page.locator('#login-password').fill(PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=forbidden]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/forbidden')
    assert.equal(await page.title(), '无权访问 · 帮扶')
    await page.getByRole('link', { name: '我的需求' }).click()
    await page.waitForURL(base + '/me/needs')
    assert.equal(await page.title(), '我的需求 · 帮扶')
    await page.locator('[data-test=logout]').click()
    await page.waitForURL(base + '/')
    await page.context().close()
    const anonymous = await browser.newPage()
    for (const path of ['/official', '/admin', '/me/pledges', '/me/offers', '/me/report', '/me/needs']) {
      await anonymous.goto(base + path)
      await anonymous.waitForURL(atLogin(path))
    }
    await anonymous.close()
  })

  await step('a reload keeps the session (needs the server\'s HttpOnly refresh cookie, issue 14 item 10)', async () => {
    const page = await signIn('donor@demo.bangfu.cn', undefined, '/me/pledges')
    await page.reload()
    await page.locator('[data-test=pledge-row]').first().waitFor({ timeout: 10000 })
    assert.equal(new URL(page.url()).pathname, '/me/pledges')
    // No token is readable by a script of the page.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)
    assert.doesNotMatch(stored, /eyJ|refresh/i, stored)
    await page.context().close()
  })

  await step('the language switch changes the labels', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/')
    await page.getByRole('link', { name: '找需求' }).waitFor()
    await page.locator('[data-test=language]').click()
    await page.getByRole('link', { name: 'Find needs' }).waitFor()
    await page.getByRole('heading', { name: 'Most urgent needs' }).waitFor()
    // Every label of the header and the page's own text is English now (need titles and place
    // names are data and stay as written).
    const header = await page.locator('header').innerText()
    assert.doesNotMatch(header.replace('中文', ''), /[\u4e00-\u9fff]/, header)
    const staticText = await page.locator('.hero, h2, .figures').allInnerTexts()
    assert.doesNotMatch(staticText.join(' '), /[\u4e00-\u9fff]/, staticText.join(' '))
    assert.equal(await page.getByRole('link', { name: '找需求' }).count(), 0)
    await page.close()
  })

  /** A need of the demo household with one approved pledge of the demo donor (set up through the API). */
  async function approvedPledge(title) {
    const auth = (tok) => ({ authorization: `Bearer ${tok}` })
    // Fresh tokens: signing out in the browser (the guards' step) retires the ones taken at the start.
    const hh = await token('household@demo.bangfu.cn')
    const official = await token('official.lushi@demo.bangfu.cn')
    const donorToken = await token('donor@demo.bangfu.cn')
    const posted = await api('/api/v1/needs', { method: 'POST', headers: auth(hh), body: JSON.stringify({ title, description: '家里需要，谢谢', category: 'food_clothing',
      quantity: 2, unit: '件', estimated_value_fen: 20000, urgency: 'normal', deadline, region_code: '411224101200' }) })
    assert.equal(posted.status, 201, JSON.stringify(posted.body))
    await api(`/api/v1/needs/${posted.body.id}/review`, { method: 'POST', headers: auth(official), body: JSON.stringify({ decision: 'approve' }) })
    const p = await api(`/api/v1/needs/${posted.body.id}/pledges`, { method: 'POST', headers: { ...auth(donorToken), 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ quantity: 1 }) })
    assert.equal(p.status, 201, JSON.stringify(p.body))
    await api(`/api/v1/pledges/${p.body.id}/approve`, { method: 'POST', headers: auth(official), body: '{}' })
    return p.body
  }

  await step('a server error shows in Chinese (a wrong receipt code), never the server\'s English', async () => {
    await approvedPledge('冬天的手套两副')
    const donor = await signIn('donor@demo.bangfu.cn', undefined, '/me/pledges')
    await donor.locator('.el-radio-button', { hasText: '已通过' }).click()
    await donor.locator('[data-test=pledge-row]', { hasText: '冬天的手套两副' }).first().locator('[data-test=deliver]').click()
    await donor.locator('#deliver-note').fill('已送到')
    await donor.locator('#deliver-code').fill('000000')
    await donor.locator('[data-test=deliver-submit]').click()
    const message = donor.locator('.el-message--error')
    await message.getByText('收货码不正确').waitFor()
    assert.doesNotMatch(await message.innerText(), /[A-Za-z]{3,}/, 'no English inside the Chinese interface')
    await donor.screenshot({ path: `${ARTIFACTS}/error-in-chinese-desktop.png` })
    await donor.context().close()
  })

  await step('取消认捐 asks first and says what will happen; 再想想 keeps the pledge', async () => {
    await approvedPledge('冬天的围巾两条')
    const donor = await signIn('donor@demo.bangfu.cn', { width: 375, height: 812 }, '/me/pledges')
    const row = donor.locator('[data-test=pledge-row]', { hasText: '冬天的围巾两条' }).first()
    await row.locator('[data-test=cancel-pledge]').click()
    await donor.locator('.el-message-box').getByText('数量退回需求').waitFor()
    await donor.screenshot({ path: `${ARTIFACTS}/confirm-cancel-phone.png` })
    await donor.locator('.el-message-box__btns button', { hasText: '再想想' }).click()
    await donor.locator('.el-message-box').waitFor({ state: 'hidden' })
    assert.match(await row.innerText(), /已通过/)
    await row.locator('[data-test=cancel-pledge]').click()
    await confirmDialog(donor, '数量退回需求', '取消认捐')
    await donor.locator('.el-message--success', { hasText: '已取消' }).waitFor()
    await donor.context().close()
  })

  await step('on a phone the signed-in menu is a menu button with whole words on each row', async () => {
    const page = await signIn('donor@demo.bangfu.cn', { width: 375, height: 812 }, '/me/pledges')
    const nav = page.locator('#main-nav')
    assert.equal(await nav.isVisible(), false, 'the menu starts folded')
    await page.locator('[data-test=menu-button]').click()
    await nav.waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/menu-phone.png`, fullPage: true })
    for (const link of await nav.locator('a').all()) {
      const box = await link.boundingBox()
      assert.ok(box && box.height <= 56, `a menu row is ${box?.height}px tall: ${await link.innerText()}`)
      assert.ok(box.height >= 44, `a menu row is easy to tap (${box.height}px)`)
    }
    await nav.getByRole('link', { name: '我的贡献' }).click()
    await page.waitForURL(base + '/me/report')
    assert.equal(await nav.isVisible(), false, 'the menu folds when a page opens')
    // Filter chips are tall enough to tap.
    await page.goto(base + '/search')
    const chip = page.locator('.facet').first()
    await chip.waitFor()
    assert.ok((await chip.boundingBox()).height >= 44, 'filter chips are at least 44px tall')
    await page.context().close()
  })

  await step('an official approves several needs at once (each checked by the server) and opens one in the drawer', async () => {
    const hh = await token('household@demo.bangfu.cn')
    for (const title of ['冬季取暖煤一吨', '孩子的冬季校服']) {
      const r = await api('/api/v1/needs', { method: 'POST', headers: { authorization: `Bearer ${hh}` }, body: JSON.stringify({ title, description: '冬天需要，请帮助',
        category: 'food_clothing', quantity: 1, unit: '份', estimated_value_fen: 50000, urgency: 'normal', deadline, region_code: '411224101200' }) })
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }
    const page = await signIn('official.lushi@demo.bangfu.cn', undefined, '/review')
    await page.locator('[data-test=filter-township]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '杜关镇' }).click()
    const first = page.locator('tr.review-need', { hasText: '冬季取暖煤一吨' })
    await first.locator('[data-test=open-drawer]').click()
    await page.locator('.el-drawer').getByText('冬天需要，请帮助').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/review-drawer-desktop.png` })
    await page.locator('.el-drawer__close-btn').click()
    await page.locator('.el-drawer').waitFor({ state: 'hidden' })
    for (const title of ['冬季取暖煤一吨', '孩子的冬季校服']) {
      await page.locator('tr.review-need', { hasText: title }).locator('.el-checkbox').click()
    }
    await page.locator('[data-test=approve-selected-needs]').click()
    await confirmDialog(page, '每一条仍由系统单独检查', '通过')
    const results = page.locator('[data-test=batch-results]')
    await results.waitFor()
    assert.equal(await results.locator('li.ok').count(), 2, await results.innerText())
    await page.screenshot({ path: `${ARTIFACTS}/review-batch-desktop.png`, fullPage: true })
    await page.context().close()
  })

  /** A screenshot at 1280 and at 375 px of the page as it is. */
  async function shootBoth(page, name) {
    await page.waitForLoadState('networkidle')
    await page.waitForTimeout(400)
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.screenshot({ path: `${ARTIFACTS}/page-${name}-1280.png`, fullPage: true })
    await page.setViewportSize({ width: 375, height: 812 })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${ARTIFACTS}/page-${name}-375.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
  }

  await step('a cross-county round from creation to an accepted rectification', async () => {
    // An admin appoints a county official of 渑池 (Mianchi), the same city (三门峡) as 卢氏 (Lushi).
    execFileSync(BIN, ['admin', 'create', '--email', 'admin.checks@e2e.test', '--password-stdin', '--name', '检查管理员'], { env, input: PASSWORD + '\n', stdio: ['pipe', 'ignore', 'ignore'] })
    const admin = await token('admin.checks@e2e.test')
    const appointed = await api('/api/v1/admin/officials', {
      method: 'POST', headers: { authorization: `Bearer ${admin}` },
      body: JSON.stringify({ email: 'official.mianchi@e2e.test', password: PASSWORD, display_name: '渑池县扶贫办 张干事', jurisdiction_code: '411221' }),
    })
    assert.equal(appointed.status, 201, JSON.stringify(appointed.body))

    // The Mianchi official runs a cross-check over 卢氏县 杜关镇, whose approvals (the wheelchair need, say) are candidates.
    const checker = await signIn('official.mianchi@e2e.test', undefined, '/checks')
    await checker.locator('[data-test=kind-cross]').click()
    await pickRegion(checker, checker.locator('.el-form-item', { hasText: '检查范围' }), ['卢氏', '杜关镇'])
    await shootBoth(checker, 'checks')
    await checker.locator('[data-test=round-submit]').click()
    await confirmDialog(checker, '发起后立即随机抽样', '发起并抽样')
    await checker.waitForURL(/\/checks\/[0-9a-f-]{36}$/, { timeout: 10000 })
    await checker.locator('[data-test=seed]').waitFor()
    assert.match(await checker.locator('[data-test=seed]').innerText(), /^[0-9a-f]{64}$/)
    const item = checker.locator('[data-test=check-item]').first()
    await item.waitFor()
    await item.locator('[data-test=record-finding]').click()
    const form = checker.locator('[data-test=finding-form]')
    await form.locator('[data-test=result-problem]').click()
    await form.locator('[data-test=problem-kind]').click()
    await checker.locator('.el-select-dropdown__item:visible', { hasText: '数据有误' }).click()
    await form.locator('#finding-note').fill('登记的家庭人口与实地核查不一致')
    await form.locator('[data-test=finding-submit]').click()
    await confirmDialog(checker, '检查结果记录后不能修改', '记录')
    await checker.locator('[data-test=finding]', { hasText: '数据有误' }).first().waitFor()
    await shootBoth(checker, 'check')

    // A township official of 杜关镇 answers the rectification.
    const township = await signIn('official.duguan@demo.bangfu.cn', undefined, '/rectifications')
    const open = township.locator('[data-test=rectification]', { hasText: '待整改' }).first()
    await open.waitFor()
    await shootBoth(township, 'rectifications')
    await open.locator('[data-test=rect-answer]').click()
    await township.locator('.el-message-box:visible textarea').fill('已入户核实，更正了家庭人口登记')
    await township.locator('.el-message-box:visible .el-message-box__btns button', { hasText: '答复整改' }).click()
    await township.locator('[data-test=rectification]', { hasText: '已答复，待验收' }).first().waitFor()
    await township.context().close()

    // The checker accepts it; the public disclosure shows it, without names.
    await checker.getByRole('link', { name: '整改', exact: true }).click()
    const answered = checker.locator('[data-test=rectification]', { hasText: '已答复，待验收' }).first()
    await answered.waitFor()
    await answered.locator('[data-test=rect-accept]').click()
    await confirmDialog(checker, '验收通过后', '验收通过')
    await checker.locator('[data-test=rectification]', { hasText: '已验收' }).first().waitFor()
    await checker.getByRole('link', { name: '回头看', exact: true }).click()
    await checker.getByRole('heading', { name: '回头看' }).waitFor()
    await shootBoth(checker, 'revisits')
    await checker.getByRole('link', { name: '履职数据', exact: true }).click()
    await checker.locator('[data-test=official-figures]').waitFor()
    await shootBoth(checker, 'official-figures')
    await checker.context().close()

    const anonymous = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    lastPage = anonymous
    await anonymous.goto(base + '/figures')
    await anonymous.locator('[data-test=disclosure]', { hasText: '数据有误' }).waitFor()
    assert.equal(await anonymous.locator('[data-test=check-problems]').innerText(), '1')
    await shootBoth(anonymous, 'figures-checks')
    await anonymous.context().close()
  })

  await step('a refused self-approval, as the official sees it', async () => {
    // The 杜关镇 official posts a need for a household it keeps, then tries to approve it itself:
    // the server wants a second official, and the official reads why in Chinese.
    const duguan = await token('official.duguan@demo.bangfu.cn')
    const hh = await api('/api/v1/households', {
      method: 'POST', headers: { authorization: `Bearer ${duguan}` },
      body: JSON.stringify({ head_name: '赵大山', region_code: '411224101200', size: 2 }),
    })
    assert.equal(hh.status, 201, JSON.stringify(hh.body))
    const need = await api('/api/v1/needs', {
      method: 'POST', headers: { authorization: `Bearer ${duguan}` },
      body: JSON.stringify({ title: '老人冬季取暖电热毯', description: '老人独居，冬季取暖困难', category: 'care', quantity: 1, unit: '条',
        estimated_value_fen: 20000, urgency: 'normal', deadline: new Date(Date.now() + 30 * 86400e3).toISOString(), region_code: '411224101200', household_id: hh.body.id }),
    })
    assert.equal(need.status, 201, JSON.stringify(need.body))
    // The server refuses the poster's own approval ...
    const refused = await api(`/api/v1/needs/${need.body.id}/review`, {
      method: 'POST', headers: { authorization: `Bearer ${duguan}` }, body: JSON.stringify({ decision: 'approve' }),
    })
    assert.equal(refused.status, 403, JSON.stringify(refused.body))
    assert.equal(refused.body.code, 'second_official_required')
    // ... so the official's queue never offers it, and says why; a second official of the township finds it.
    const page = await signIn('official.duguan@demo.bangfu.cn', undefined, '/review')
    await page.locator('[data-test=two-people-note]', { hasText: '由另一位工作人员处理' }).waitFor()
    await page.waitForLoadState('networkidle')
    assert.equal(await page.locator('tr.review-need', { hasText: '老人冬季取暖电热毯' }).count(), 0, 'the poster is not offered its own need')
    await page.screenshot({ path: `${ARTIFACTS}/self-approval-refused-desktop.png` })
    const second = await signIn('official.duguan2@demo.bangfu.cn', undefined, '/review')
    const row = await findRow(second, 'tr.review-need', '老人冬季取暖电热毯')
    await row.locator('[data-test=approve-need]').click()
    await confirmDialog(second, '立即公开', '通过')
    await second.locator('.el-message--success').first().waitFor({ timeout: 10000 })
    await second.context().close()
    await page.screenshot({ path: `${ARTIFACTS}/self-approval-refused-desktop.png` })
    await page.context().close()
  })

  await step('screenshots of every page at 375 and 1280 px', async () => {
    const shoot = async (page, name) => {
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(400)
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.screenshot({ path: `${ARTIFACTS}/page-${name}-1280.png`, fullPage: true })
      await page.setViewportSize({ width: 375, height: 812 })
      await page.waitForTimeout(300)
      await page.screenshot({ path: `${ARTIFACTS}/page-${name}-375.png`, fullPage: true })
    }
    const anonymous = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    for (const [name, path] of [['home', '/'], ['search', '/search'], ['offers', '/offers'], ['figures', '/figures'], ['need', `/needs/${target.id}`],
      ['audit', '/audit'], ['login', '/login'], ['register', '/register'], ['not-found', '/no-such-page']]) {
      await anonymous.goto(base + path)
      await shoot(anonymous, name)
    }
    await anonymous.context().close()
    for (const [email, pages] of [
      ['donor@demo.bangfu.cn', [['my-pledges', '/me/pledges'], ['my-offers', '/me/offers'], ['report', '/me/report'], ['forbidden', '/review']]],
      ['household@demo.bangfu.cn', [['my-needs', '/me/needs']]],
      ['official.lushi@demo.bangfu.cn', [['official', '/official'], ['review', '/review'], ['admin', '/admin']]],
    ]) {
      const page = await signIn(email, undefined, pages[0][1])
      for (const [name, path] of pages) {
        // Moving inside the app keeps the session (the token lives in memory).
        await page.evaluate((p) => { history.pushState({}, '', p); dispatchEvent(new PopStateEvent('popstate')) }, path)
        await page.waitForTimeout(300)
        await shoot(page, name)
      }
      await page.context().close()
    }
  })

  await step('a failed sign-in says why, in the page', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/login')
    await page.locator('#login-email').fill('donor@demo.bangfu.cn')
    await page.locator('#login-password').fill('wrong-password-123')
    await page.locator('[data-test=login-submit]').click()
    await page.getByText('邮箱或密码不正确').waitFor()
    // Empty fields are asked for before anything is sent.
    await page.locator('#login-email').fill('')
    await page.locator('#login-password').fill('')
    await page.locator('[data-test=login-submit]').click()
    await page.getByText('请填写邮箱').waitFor()
    await page.getByText('请填写密码').waitFor()
    await page.close()
  })

  // Journeys of later features live in e2e/journeys/*.mjs, one file each: `export default async (ctx) => {...}`,
  // run in name order after the ones above, with the same server, browser and helpers.
  const ctx = { browser, base, api, step, signIn, token, target, ARTIFACTS, PASSWORD, env, setLastPage: (p) => { lastPage = p } }
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
