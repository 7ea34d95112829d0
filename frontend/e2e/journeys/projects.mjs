// 扶贫众筹 (crowdfunding): the village official of 杜关村 proposes a project in the UI (a missing
// field is shown beside it; the host organization's id pasted, as a village official sees no list
// of organizations); a second official, of the county, approves it; the donor pledges ¥1,000; the
// host (the demo charity, verified first if need be) records the receipt and the spending with a
// receipt image, then completes the project with a report; the county official publishes the
// receipts (pending review until then: they may carry a payee's phone); anyone, signed out, reads
// the ledger: its totals, the masked name and the receipt image. Then a cancelled project: the host
// records the refund of the money it received. Screenshots at 375 and 1280 px.
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'

const TITLE = `杜关村饮水管道修缮 ${Date.now() % 100000}`
const PHONE = { width: 375, height: 812 }
const VILLAGE_OFFICIAL = 'official.duguancun@demo.bangfu.cn'
const COUNTY_OFFICIAL = 'official.lushi@demo.bangfu.cn'
const CHARITY = 'charity@demo.bangfu.cn'
const DONOR = 'donor@demo.bangfu.cn'

function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

/** A w×h RGB PNG: a white paper receipt with grey lines of text. */
function receiptPng(w, h) {
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0
    for (let x = 0; x < w; x++) {
      const inPaper = x > w * 0.15 && x < w * 0.85 && y > h * 0.05 && y < h * 0.95
      const line = inPaper && y % 24 < 6 && x > w * 0.22 && x < w * (0.5 + ((y * 7) % 30) / 100)
      const rgb = !inPaper ? [120, 140, 110] : line ? [90, 90, 90] : [250, 248, 240]
      raw.set(rgb, y * (w * 3 + 1) + 1 + x * 3)
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

export default async function ({ browser, base, api, step, signIn, token, ARTIFACTS, setLastPage }) {
  const bearer = (tok) => ({ authorization: `Bearer ${tok}` })
  const fitsPhone = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)
  let hostId = null
  let projectId = null
  let donorName = ''
  let villageCode = ''

  /** Chooses an option of an Element Plus select by its visible text. */
  async function choose(page, select, text) {
    await select.click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
  }

  await step('projects: the demo charity is a verified social organization (the county verifies it if not)', async () => {
    const me = await api('/api/v1/me', { headers: bearer(await token(CHARITY)) })
    assert.equal(me.status, 200, JSON.stringify(me.body))
    hostId = me.body.organization?.id
    assert.ok(hostId, JSON.stringify(me.body))
    if (!me.body.organization.verified) {
      const v = await api(`/api/v1/admin/organizations/${hostId}/verify`, { method: 'POST', headers: bearer(await token(COUNTY_OFFICIAL)), body: '{}' })
      assert.equal(v.status, 200, JSON.stringify(v.body))
    }
    const donor = await api('/api/v1/me', { headers: bearer(await token(DONOR)) })
    donorName = donor.body.display_name
  })

  await step('projects: the village official proposes a project; a missing field shows beside it; the target is the budget\'s sum', async () => {
    const page = await signIn(VILLAGE_OFFICIAL, undefined, '/projects/new')
    await page.getByRole('heading', { name: '发起众筹项目' }).waitFor()
    const form = page.locator('[data-test=project-form]')
    // The village is the official's own: chosen already.
    await form.locator('[data-test=region-picker]', { hasText: '杜关村' }).waitFor()
    await form.locator('#pf-host-id').fill(hostId)
    await form.locator('#pf-item-0').fill('PE 水管 200 米')
    await form.locator('#pf-amount-0').fill('600')
    await form.locator('[data-test=pf-add-line]').click()
    await form.locator('#pf-item-1').fill('安装人工')
    await form.locator('#pf-amount-1').fill('400')
    await form.locator('[data-test=pf-target]', { hasText: '¥1,000' }).waitFor()
    // No title: the server says so beside the title.
    await form.locator('[data-test=pf-submit]').click()
    await form.locator('.el-form-item', { has: page.locator('#pf-title') }).locator('.el-form-item__error').waitFor({ timeout: 10000 })
    await form.locator('#pf-title').fill(TITLE)
    await form.locator('#pf-description').fill('村东头的饮水管道老化漏水，更换 200 米水管，解决 30 户人家吃水难。')
    await page.screenshot({ path: `${ARTIFACTS}/projects-propose-desktop.png`, fullPage: true })
    await form.locator('[data-test=pf-submit]').click()
    await page.getByRole('heading', { name: TITLE }).waitFor({ timeout: 10000 })
    projectId = new URL(page.url()).pathname.split('/').pop()
    await page.locator('[data-test=project-status]', { hasText: '待审核' }).waitFor()
    await page.context().close()
  })

  await step('projects: a county official approves it from the projects waiting for review', async () => {
    assert.ok(projectId, 'proposed')
    const page = await signIn(COUNTY_OFFICIAL, undefined, '/me/projects')
    await page.locator('[data-test=waiting] [data-test=project-card]', { hasText: TITLE }).getByRole('link', { name: TITLE }).click()
    await page.getByRole('heading', { name: TITLE }).waitFor()
    const form = page.locator('[data-test=review-form]')
    await form.locator('[data-test=rv-approve]').click()
    await form.locator('[data-test=rv-submit]').click()
    await page.locator('[data-test=project-status]', { hasText: '筹款中' }).waitFor({ timeout: 10000 })
    await page.context().close()
  })

  await step('projects: the donor finds it and pledges ¥1,000 on a phone', async () => {
    const page = await signIn(DONOR, PHONE, '/me/pledges')
    // On a phone: the menu, whose rows include 更多's (众筹项目).
    await page.locator('[data-test=menu-button]').click()
    await page.locator('[data-test=nav-more]').getByRole('link', { name: '众筹项目' }).click()
    await page.getByRole('heading', { name: '扶贫众筹' }).waitFor()
    await page.getByRole('textbox', { name: '搜索项目，例如：饮水、路灯、校舍' }).fill('饮水管道')
    await page.waitForFunction(() => location.search.includes('q='))
    const card = page.locator('[data-test=project-card]', { hasText: TITLE })
    await card.waitFor({ timeout: 10000 })
    assert.ok(await fitsPhone(page), 'the list fits 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/projects-list-phone.png`, fullPage: true })
    await card.getByRole('link', { name: TITLE }).click()
    const form = page.locator('[data-test=pledge-form]')
    await form.locator('#pp-amount').fill('1000')
    await form.locator('#pp-message').fill('愿乡亲们早日喝上放心水')
    await form.locator('[data-test=pp-submit]').click()
    await page.locator('[data-test=total-pledged]', { hasText: '¥1,000' }).waitFor({ timeout: 10000 })
    assert.ok(await fitsPhone(page), 'the project page fits 375 px')
    await page.context().close()
  })

  await step('projects: the host records the receipt and the spending with its receipt image, then completes it with a report', async () => {
    const page = await signIn(CHARITY, undefined, '/host')
    await page.getByRole('heading', { name: '项目执行' }).waitFor()
    // At 1280 px the links stay one row; 更多 opens a menu of the crowdfunding pages.
    const nav = await page.locator('#main-nav').boundingBox()
    assert.ok(nav && nav.height < 40, `the links are one row (${nav?.height}px)`)
    await page.locator('[data-test=nav-more] .more-button').click()
    await page.locator('#nav-more-menu').getByRole('link', { name: '配捐活动' }).click()
    await page.getByRole('heading', { name: '配捐活动' }).waitFor()
    assert.equal(await page.locator('#nav-more-menu').isVisible(), false, 'the menu closes when a page opens')
    await page.locator('[data-test=nav-more] .more-button').click()
    await page.locator('#nav-more-menu').getByRole('link', { name: '项目执行' }).click()
    await page.getByRole('heading', { name: '项目执行' }).waitFor()
    const item = page.locator('[data-test=host-project]', { hasText: TITLE })
    await item.locator('[data-test=host-open]').click()
    const receipt = item.locator('[data-test=receipt-form]')
    await choose(page, receipt.locator('[data-test=rc-pledge]'), '¥1,000')
    assert.equal(await receipt.locator('#rc-amount').inputValue(), '1000')
    await receipt.locator('[data-test=rc-submit]').click()
    await page.getByText('已登记到账').first().waitFor({ timeout: 10000 })
    const spending = item.locator('[data-test=spending-form]')
    await choose(page, spending.locator('[data-test=sp-line]'), 'PE 水管')
    await spending.locator('#sp-amount').fill('600')
    await spending.locator('#sp-description').fill('PE 水管 200 米，县城五金店')
    await spending.locator('[data-test=sp-file]').setInputFiles({ name: '收据.png', mimeType: 'image/png', buffer: receiptPng(600, 800) })
    await spending.locator('[data-test=sp-submit]').click()
    await page.getByText('已登记支出').first().waitFor({ timeout: 15000 })
    await choose(page, spending.locator('[data-test=sp-line]'), '安装人工')
    await spending.locator('#sp-amount').fill('400')
    await spending.locator('#sp-description').fill('安装人工两天')
    // Another image: one project never takes the same receipt twice.
    await spending.locator('[data-test=sp-file]').setInputFiles({ name: '收据2.png', mimeType: 'image/png', buffer: receiptPng(600, 820) })
    await spending.locator('[data-test=sp-submit]').click()
    // The image is decoded and re-encoded on the server: wait for the button to be free again.
    await spending.locator('[data-test=sp-submit].is-loading').waitFor({ state: 'detached', timeout: 30000 })
    for (let i = 0; i < 100; i++) {
      const p = await api(`/api/v1/projects/${projectId}`)
      if (p.body?.spent_fen === 100000) break
      await new Promise((r) => setTimeout(r, 200))
    }
    await page.screenshot({ path: `${ARTIFACTS}/projects-host-desktop.png`, fullPage: true })
    // Completing: from the project's page.
    await page.goto(`${base}/projects/${projectId}`)
    await page.locator('[data-test=total-spent]', { hasText: '¥1,000' }).waitFor({ timeout: 10000 })
    const close = page.locator('[data-test=close-form]')
    await close.locator('[data-test=cl-completed]').click()
    await close.locator('#cl-report').fill('200 米水管已全部更换，30 户人家通水，谢谢各位爱心人士。')
    await close.locator('[data-test=cl-submit]').click()
    const box = page.locator('.el-message-box:visible')
    await box.locator('.el-message-box__btns button', { hasText: '关闭项目' }).click()
    await page.locator('[data-test=project-status]', { hasText: '已完成' }).waitFor({ timeout: 10000 })
    await page.context().close()
  })

  await step('projects: the county official publishes the receipts, pending review until then', async () => {
    // Before: the public ledger lists the expenses, without their images.
    const before = await api(`/api/v1/projects/${projectId}`)
    villageCode = before.body.region_code
    assert.ok(before.body.ledger.spending.every((s) => s.receipt_status === 'pending' && s.image_url === null), JSON.stringify(before.body.ledger.spending))
    const page = await signIn(COUNTY_OFFICIAL, undefined, '/me/projects')
    await page.goto(`${base}/projects/${projectId}`)
    await page.getByRole('heading', { name: TITLE }).waitFor()
    const box = page.locator('[data-test=receipt-review]')
    await box.locator('[data-test=pending-receipt]').first().waitFor({ timeout: 10000 })
    // The pending image reaches the official (with its token), not the public.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=pending-receipt] img')].some((i) => i.complete && i.naturalWidth > 0))
    await page.screenshot({ path: `${ARTIFACTS}/projects-receipts-review.png`, fullPage: true })
    for (let n = 2; n > 0; n--) {
      await box.locator('[data-test=receipt-publish]').first().click()
      await page.locator('[data-test=pending-receipt]').nth(n - 1).waitFor({ state: 'detached', timeout: 10000 })
    }
    await box.waitFor({ state: 'detached' })
    await page.context().close()
  })

  await step('projects: anyone, signed out, reads the ledger: totals, masked names and the receipt image', async () => {
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      const page = await (await browser.newContext({ viewport })).newPage()
      setLastPage(page)
      await page.goto(`${base}/projects/${projectId}`)
      await page.getByRole('heading', { name: TITLE }).waitFor()
      await page.locator('[data-test=total-pledged]', { hasText: '¥1,000' }).waitFor()
      await page.locator('[data-test=total-received]', { hasText: '¥1,000' }).waitFor()
      await page.locator('[data-test=total-spent]', { hasText: '¥1,000' }).waitFor()
      await page.locator('[data-test=total-refunded]', { hasText: '¥0' }).waitFor()
      await page.locator('[data-test=project-report]').waitFor()
      const pledgeRow = page.locator('[data-test=ledger-row][data-kind=pledge]')
      const who = (await pledgeRow.locator('.who').innerText()).trim()
      assert.ok(who.includes('*') || who === '爱心人士', `a masked name: ${who}`)
      assert.ok(!(await page.locator('[data-test=ledger]').innerText()).includes(donorName), 'the full name is not on the page')
      await page.locator('[data-test=ledger-row][data-kind=receipt]').first().waitFor()
      const link = page.locator('[data-test=receipt-link]').first()
      const img = link.locator('img')
      await img.scrollIntoViewIfNeeded()
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle())
      const href = await link.getAttribute('href')
      const full = await fetch(base + href)
      assert.equal(full.status, 200, `the display image ${href}`)
      assert.match(full.headers.get('content-type') ?? '', /^image\//)
      if (viewport === PHONE) assert.ok(await fitsPhone(page), 'the ledger fits 375 px')
      await page.screenshot({ path: `${ARTIFACTS}/projects-ledger-${viewport.width}.png`, fullPage: true })
      await page.context().close()
    }
  })

  await step('projects: a cancelled project: the host records the refund of what it received', async () => {
    const village = bearer(await token(VILLAGE_OFFICIAL))
    const deadline = new Date(Date.now() + 30 * 86400000).toISOString()
    const p = await api('/api/v1/projects', { method: 'POST', headers: village, body: JSON.stringify({
      title: `${TITLE} 二期`, description: '二期管道', region_code: villageCode, host_organization_id: hostId, target_fen: 50000, deadline,
      budget: [{ item: '水管', amount_fen: 50000 }],
    }) })
    assert.equal(p.status, 201, JSON.stringify(p.body))
    const id = p.body.id
    const ok = await api(`/api/v1/projects/${id}/review`, { method: 'POST', headers: bearer(await token(COUNTY_OFFICIAL)), body: JSON.stringify({ decision: 'approve' }) })
    assert.equal(ok.status, 200, JSON.stringify(ok.body))
    const pl = await api(`/api/v1/projects/${id}/pledges`, { method: 'POST', headers: { ...bearer(await token(DONOR)), 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ amount_fen: 20000 }) })
    assert.equal(pl.status, 201, JSON.stringify(pl.body))
    const host = bearer(await token(CHARITY))
    const today = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10)
    const rc = await api(`/api/v1/projects/${id}/receipts`, { method: 'POST', headers: host, body: JSON.stringify({ pledge_id: pl.body.id, amount_fen: 20000, received_on: today }) })
    assert.equal(rc.status, 201, JSON.stringify(rc.body))
    // Money was received: the host's cancellation is a request that a county official confirms.
    const cl = await api(`/api/v1/projects/${id}/close`, { method: 'POST', headers: host, body: JSON.stringify({ outcome: 'cancelled', reason: '与一期合并实施' }) })
    assert.equal(cl.status, 202, JSON.stringify(cl.body))
    const cf = await api(`/api/v1/projects/${id}/close`, { method: 'POST', headers: bearer(await token(COUNTY_OFFICIAL)), body: JSON.stringify({ outcome: 'cancelled', reason: '同意' }) })
    assert.equal(cf.status, 200, JSON.stringify(cf.body))
    const page = await signIn(CHARITY, undefined, '/host')
    await page.getByRole('heading', { name: '项目执行' }).waitFor()
    await page.goto(`${base}/projects/${id}`)
    const form = page.locator('[data-test=refund-form]')
    await choose(page, form.locator('[data-test=rf-pledge]'), '¥200')
    assert.equal(await form.locator('#rf-amount').inputValue(), '200')
    await form.locator('[data-test=rf-submit]').click()
    await page.locator('[data-test=total-refunded]', { hasText: '¥200' }).waitFor({ timeout: 10000 })
    await page.context().close()
  })
}
