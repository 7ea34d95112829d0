// Core steps: the home page, a donor's search and pledge, its approval, delivery with the household's
// code and the public trail, and a confirmation with thanks.
import assert from 'node:assert/strict'
import { confirmDialog, findRow, submitLogin } from '../helpers.mjs'

export default async (ctx) => {
  const { browser, base, api, step, signIn, token, target, ARTIFACTS, setLastPage, hh, official, deadline } = ctx

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

  await step('a donor finds a need by a Chinese keyword, drills down by region, signs in from the need and pledges', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    setLastPage(page)
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
    await submitLogin(ctx, page, 'donor@demo.bangfu.cn', `/needs/${need.id}`)
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
}
