// Matching campaigns: the city official (三门峡) opens a campaign over Lushi County on /campaigns/new; the demo enterprise, verified by the county if need be, pledges a 1:1
// matching fund of ¥5,000 on the campaign's page; a donor's pledge on a need in 杜关村 is approved,
// delivered and confirmed (API); the campaign's page then shows the match drawn and a point on its
// chart, at 375 and 1280 px.
import assert from 'node:assert/strict'

const CITY_OFFICIAL = 'official.sanmenxia@demo.bangfu.cn'
const NAME = `卢氏县爱心配捐周 ${Date.now() % 100000}`
const PHONE = { width: 375, height: 812 }

export default async function ({ browser, base, api, step, signIn, token, ARTIFACTS, setLastPage }) {
  const bearer = (tok) => ({ authorization: `Bearer ${tok}` })
  const fitsPhone = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)
  let campaignId = null

  await step('campaigns: the city official opens a campaign over Lushi County on /campaigns/new', async () => {
    // Beijing wall-clock times for the form's datetime-local fields: from an hour ago for a week.
    const beijing = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 16)
    const now = Date.now()
    const page = await signIn(CITY_OFFICIAL, { width: 1280, height: 900 }, '/campaigns/new')
    await page.getByRole('heading', { name: '新建配捐活动' }).waitFor()
    const form = page.locator('[data-test=campaign-form]')
    // Nothing filled: refused beside the fields.
    await form.locator('[data-test=cn-submit]').click()
    await form.locator('.el-form-item__error').first().waitFor({ timeout: 10000 })
    await form.locator('#cn-name').fill(NAME)
    await form.locator('#cn-starts').fill(beijing(now - 3600e3))
    await form.locator('#cn-ends').fill(beijing(now + 7 * 86400e3))
    for (const name of ['河南', '三门峡', '卢氏']) {
      // The picker may open at the official's city already.
      if (await form.locator('.crumbs', { hasText: name }).isVisible().catch(() => false)) continue
      await form.locator('[data-test=region-select]').click()
      await page.keyboard.type(name)
      await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
      await form.locator('.crumbs', { hasText: name }).waitFor()
    }
    await form.locator('[data-test=cn-add-region]').click()
    await form.locator('.el-tag', { hasText: '411224' }).waitFor()
    await form.locator('#cn-description').fill('活动期间，爱心认捐由企业 1:1 配捐。')
    await page.screenshot({ path: `${ARTIFACTS}/campaigns-new-1280.png`, fullPage: true })
    await form.locator('[data-test=cn-submit]').click()
    await page.getByRole('heading', { name: NAME }).waitFor({ timeout: 10000 })
    campaignId = new URL(page.url()).pathname.split('/').pop()
    await page.context().close()
    const c = await api(`/api/v1/campaigns/${campaignId}`)
    assert.equal(c.status, 200, JSON.stringify(c.body))
    assert.deepEqual(c.body.regions.map((r) => r.code ?? r), ['411224'])
  })

  await step('campaigns: the enterprise pledges a 1:1 matching fund of ¥5,000 on the campaign page', async () => {
    assert.ok(campaignId, 'created')
    const ent = await token('enterprise@demo.bangfu.cn')
    const me = await api('/api/v1/me', { headers: bearer(ent) })
    if (!me.body.organization?.verified) {
      const v = await api(`/api/v1/admin/organizations/${me.body.organization.id}/verify`, { method: 'POST', headers: bearer(await token('official.lushi@demo.bangfu.cn')), body: '{}' })
      assert.equal(v.status, 200, JSON.stringify(v.body))
    }
    const page = await signIn('enterprise@demo.bangfu.cn', undefined, '/me/offers')
    await page.goto(`${base}/campaigns`)
    await page.locator('[data-test=campaign-card]', { hasText: NAME }).getByRole('link', { name: NAME }).click()
    await page.getByRole('heading', { name: NAME }).waitFor()
    const form = page.locator('[data-test=fund-form]')
    // A cap that is not money is refused beside its field.
    await form.locator('#cf-cap').fill('很多')
    await form.locator('[data-test=cf-submit]').click()
    await form.locator('.el-form-item', { has: page.locator('#cf-cap') }).locator('.el-form-item__error').waitFor()
    await form.locator('#cf-ratio').fill('1')
    await form.locator('#cf-cap').fill('5000')
    await form.locator('[data-test=cf-submit]').click()
    const row = page.locator('[data-test=fund-row]', { hasText: '卢氏县绿源农业有限公司' })
    await row.waitFor({ timeout: 10000 })
    await row.getByText('¥5,000').first().waitFor()
    await page.context().close()
  })

  await step('campaigns: a donor\'s pledge on a need in 杜关村 is confirmed (API)', async () => {
    const hh = await token('household@demo.bangfu.cn')
    const official = await token('official.lushi@demo.bangfu.cn')
    const village = await token('official.duguancun@demo.bangfu.cn')
    const donor = await token('donor@demo.bangfu.cn')
    const deadline = new Date(Date.now() + 20 * 86400e3).toISOString()
    const posted = await api('/api/v1/needs', { method: 'POST', headers: bearer(hh), body: JSON.stringify({ title: '孩子上学的冬衣两套',
      description: '两个孩子过冬缺冬衣', category: 'food_clothing', quantity: 2, unit: '套', estimated_value_fen: 30000, urgency: 'normal', deadline, region_code: '411224101200' }) })
    assert.equal(posted.status, 201, JSON.stringify(posted.body))
    const reviewed = await api(`/api/v1/needs/${posted.body.id}/review`, { method: 'POST', headers: bearer(official), body: JSON.stringify({ decision: 'approve' }) })
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body))
    const p = await api(`/api/v1/needs/${posted.body.id}/pledges`, { method: 'POST', headers: { ...bearer(donor), 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ quantity: 2, message: '天冷了' }) })
    assert.equal(p.status, 201, JSON.stringify(p.body))
    const a = await api(`/api/v1/pledges/${p.body.id}/approve`, { method: 'POST', headers: bearer(village), body: '{}' })
    assert.equal(a.status, 200, JSON.stringify(a.body))
    const d = await api(`/api/v1/pledges/${p.body.id}/deliver`, { method: 'POST', headers: bearer(donor), body: JSON.stringify({ note: '已送到村委会' }) })
    assert.equal(d.status, 200, JSON.stringify(d.body))
    const c = await api(`/api/v1/pledges/${p.body.id}/confirm`, { method: 'POST', headers: bearer(hh), body: JSON.stringify({ rating: 5, thanks: '谢谢' }) })
    assert.equal(c.status, 200, JSON.stringify(c.body))
  })

  await step('campaigns: the campaign page shows the match drawn and a point on the chart, at 375 and 1280 px', async () => {
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      const page = await (await browser.newContext({ viewport })).newPage()
      setLastPage(page)
      await page.goto(`${base}/campaigns/${campaignId}`)
      await page.getByRole('heading', { name: NAME }).waitFor()
      await page.locator('[data-test=campaign-phase]', { hasText: '进行中' }).waitFor()
      await page.locator('[data-test=fund-drawn]', { hasText: '¥300' }).waitFor({ timeout: 10000 })
      await page.locator('[data-test=drawn]', { hasText: '¥300' }).waitFor()
      await page.locator('[data-test=donor-value]', { hasText: '¥300' }).waitFor()
      const chart = page.locator('[data-test=progress-chart]')
      assert.ok(Number(await chart.getAttribute('data-points')) >= 1, 'the chart has a point')
      assert.ok(((await chart.locator('[data-test=chart-matched]').getAttribute('points')) ?? '').length > 0, 'the matches line is drawn')
      if (viewport === PHONE) assert.ok(await fitsPhone(page), 'the campaign page fits 375 px')
      await page.screenshot({ path: `${ARTIFACTS}/campaigns-page-${viewport.width}.png`, fullPage: true })
      await page.context().close()
    }
    // A social organization's header stays one line at 1280 px (its own pages are under 更多).
    const org = await signIn('charity@demo.bangfu.cn', { width: 1280, height: 900 }, '/host')
    await org.getByRole('heading', { name: '项目执行' }).waitFor()
    const bar = await org.locator('.app-bar').boundingBox()
    await org.screenshot({ path: `${ARTIFACTS}/campaigns-social-org-header-1280.png` })
    assert.ok(bar && bar.height < 70, `the social organization's bar is ${bar?.height}px tall`)
    await org.context().close()
    const page = await (await browser.newContext({ viewport: PHONE })).newPage()
    setLastPage(page)
    await page.goto(`${base}/campaigns`)
    await page.locator('[data-test=campaign-card]', { hasText: NAME }).waitFor()
    assert.ok(await fitsPhone(page), 'the campaign list fits 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/campaigns-list-375.png`, fullPage: true })
    await page.context().close()
  })
}
