// A delivery confirmed on the spot with the household's receipt code can still be rated: the donor
// delivers with the code in the web app, the household signs in, rates and thanks (评价并致谢) once,
// and the rating and thanks show on the need's public page and in the donor's pledges.
import assert from 'node:assert/strict'

export default async function (ctx) {
  const { api, step, signIn, token, browser, base, ARTIFACTS } = ctx
  const TITLE = '老人冬季护膝两副'
  const auth = (tok) => ({ authorization: `Bearer ${tok}` })
  let needId = ''

  await step('rating after a code-confirmed delivery: the donor delivers with the household\'s code in the web app', async () => {
    // Set-up through the API: the household posts, a village official approves the need, the donor
    // pledges, the second village official approves the pledge (two people).
    const hh = await token('household@demo.bangfu.cn')
    const reviewer = await token('official.duguancun@demo.bangfu.cn')
    const approver = await token('official.duguancun2@demo.bangfu.cn')
    const donorToken = await token('donor@demo.bangfu.cn')
    const deadline = new Date(Date.now() + 30 * 86400e3).toISOString()
    const posted = await api('/api/v1/needs', { method: 'POST', headers: auth(hh), body: JSON.stringify({ title: TITLE,
      description: '母亲膝盖不好，冬天疼得厉害', category: 'care', quantity: 2, unit: '副', estimated_value_fen: 16000,
      urgency: 'normal', deadline, region_code: '411224101200' }) })
    assert.equal(posted.status, 201, JSON.stringify(posted.body))
    needId = posted.body.id
    const reviewed = await api(`/api/v1/needs/${needId}/review`, { method: 'POST', headers: auth(reviewer), body: JSON.stringify({ decision: 'approve' }) })
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body))
    const p = await api(`/api/v1/needs/${needId}/pledges`, { method: 'POST', headers: { ...auth(donorToken), 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ quantity: 2, message: '天冷了，注意保暖' }) })
    assert.equal(p.status, 201, JSON.stringify(p.body))
    const approved = await api(`/api/v1/pledges/${p.body.id}/approve`, { method: 'POST', headers: auth(approver), body: '{}' })
    assert.equal(approved.status, 200, JSON.stringify(approved.body))

    // The household reads its receipt code in the web app and gives it to the donor at the door.
    const household = await signIn('household@demo.bangfu.cn', { width: 375, height: 812 }, '/me/needs')
    const row = household.locator('[data-test=my-need]', { hasText: TITLE })
    const code = (await row.locator('[data-test=receipt-code]').innerText()).match(/\d{6}/)[0]
    await household.context().close()

    const donor = await signIn('donor@demo.bangfu.cn', undefined, '/me/pledges')
    ctx.setLastPage(donor)
    await donor.locator('.el-radio-button', { hasText: '已通过' }).click()
    await donor.locator('[data-test=pledge-row]', { hasText: TITLE }).first().locator('[data-test=deliver]').click()
    await donor.locator('#deliver-note').fill('已送到家中，当面交给老人')
    await donor.locator('#deliver-code').fill(code)
    await donor.locator('[data-test=deliver-submit]').click()
    await donor.getByText('已登记送达，收货码正确，已确认收到').waitFor()
    await donor.context().close()
  })

  await step('rating after a code-confirmed delivery: the household rates and thanks once, and the rating shows', async () => {
    for (const [label, width, height] of [['phone', 375, 812], ['desktop', 1280, 900]]) {
      const household = await signIn('household@demo.bangfu.cn', { width, height }, '/me/needs')
      ctx.setLastPage(household)
      const row = household.locator('[data-test=my-need]', { hasText: TITLE })
      if (label === 'phone') {
        // Confirmed by the code, not rated yet: the row offers 评价并致谢, not 确认收到.
        await row.getByText('已确认收到').waitFor()
        assert.equal(await row.locator('[data-test=confirm]').count(), 0)
        await row.locator('[data-test=rate]').click()
        const dialog = household.locator('.el-dialog', { hasText: '评价并致谢' })
        await dialog.waitFor()
        await dialog.locator('.el-rate__item').nth(3).click()
        await household.locator('#confirm-thanks').fill('护膝收到了，母亲说很暖和，谢谢！')
        await household.screenshot({ path: `${ARTIFACTS}/rate-dialog-${label}.png` })
        await household.locator('[data-test=confirm-submit]').click()
        await household.locator('.el-message--success', { hasText: '已评价' }).waitFor()
      }
      // Rated once: the button is gone and the household's own rating shows instead.
      await row.locator('[data-test=my-rating]', { hasText: '您的评价：4 星' }).waitFor()
      assert.equal(await row.locator('[data-test=rate]').count(), 0)
      await household.screenshot({ path: `${ARTIFACTS}/rated-my-needs-${label}.png`, fullPage: true })
      await household.context().close()
    }
    // A second rating is refused by the server.
    const pledges = await api(`/api/v1/needs/${needId}/pledges`)
    const again = await api(`/api/v1/pledges/${pledges.body.items[0].id}/confirm`, { method: 'POST',
      headers: auth(await token('household@demo.bangfu.cn')), body: JSON.stringify({ rating: 1 }) })
    assert.equal(again.status, 409)
    assert.equal(again.body.code, 'invalid_transition')

    // Anyone reads the thanks and the stars on the need's page.
    for (const [label, width, height] of [['phone', 375, 812], ['desktop', 1280, 900]]) {
      const anonymous = await browser.newPage({ viewport: { width, height } })
      ctx.setLastPage(anonymous)
      await anonymous.goto(`${base}/needs/${needId}`)
      await anonymous.getByText('护膝收到了，母亲说很暖和，谢谢！').waitFor()
      assert.match(await anonymous.locator('[data-test=rating]').first().innerText(), /^\s*·\s*★{4}$/)
      await anonymous.screenshot({ path: `${ARTIFACTS}/rated-need-${label}.png`, fullPage: true })
      await anonymous.close()
    }
  })
}
