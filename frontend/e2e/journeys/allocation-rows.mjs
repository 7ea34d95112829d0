// Allocation rows: an enterprise previews spreading an offer, sees each row's unit, quantity and why
// it fits, takes one row out, commits, and reads the offer's real remaining quantity. A need for the
// same item counted in 元 is never in the plan.
import assert from 'node:assert/strict'

export default async function (ctx) {
  const { api, step, signIn, token, ARTIFACTS, setLastPage } = ctx
  await step('allocation: rows show unit and quantity, one is taken out, the commit says what remains', async () => {
    const hh = await token('household@demo.bangfu.cn')
    const official = await token('official.lushi@demo.bangfu.cn')
    const enterprise = await token('enterprise@demo.bangfu.cn')
    const deadline = new Date(Date.now() + 30 * 86400e3).toISOString()
    const post = async (title, unit, quantity, urgency, value) => {
      const posted = await api('/api/v1/needs', {
        method: 'POST',
        headers: { authorization: `Bearer ${hh}` },
        body: JSON.stringify({ title, description: '孩子想学音乐，家里买不起电子琴。', category: 'education', quantity, unit,
          estimated_value_fen: value, urgency, deadline, region_code: '411224101200' }),
      })
      assert.equal(posted.status, 201, JSON.stringify(posted.body))
      const reviewed = await api(`/api/v1/needs/${posted.body.id}/review`, {
        method: 'POST', headers: { authorization: `Bearer ${official}` }, body: JSON.stringify({ decision: 'approve' }),
      })
      assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body))
      return posted.body.id
    }
    const first = await post('电子琴两台（村小音乐课）', '台', 2, 'critical', 200000)
    const second = await post('电子琴两台', '台', 2, 'urgent', 200000)
    const third = await post('电子琴两台（活动室）', '个', 2, 'normal', 200000)
    const money = await post('电子琴学费', '元', 900, 'critical', 90000)
    const offer = await api('/api/v1/offers', {
      method: 'POST',
      headers: { authorization: `Bearer ${enterprise}` },
      body: JSON.stringify({ title: '爱心电子琴五台', description: '全新电子琴', category: 'education', quantity: 5, unit: '台',
        region_code: '411224', valid_until: new Date(Date.now() + 60 * 86400e3).toISOString() }),
    })
    assert.equal(offer.status, 201, JSON.stringify(offer.body))
    const offerId = offer.body.id
    // Wait until the engine has the needs.
    let matched = []
    for (let i = 0; i < 150 && matched.length < 3; i++) {
      const r = await api(`/api/v1/offers/${offerId}/matches`, { headers: { authorization: `Bearer ${enterprise}` } })
      matched = r.body?.items?.map((m) => m.need.id) ?? []
      if (matched.length < 3) await new Promise((r) => setTimeout(r, 200))
    }
    assert.deepEqual(new Set(matched), new Set([first, second, third]), 'the three 电子琴 needs match; the one in 元 never')

    const page = await signIn('enterprise@demo.bangfu.cn', undefined, '/me/offers')
    setLastPage(page)
    const row = page.locator('[data-test=offer-row]', { hasText: '爱心电子琴五台' })
    await row.locator('[data-test=allocate]').click()
    await page.locator('[data-test=preview]').click()
    const rows = page.locator('[data-test=plan-row]')
    await rows.nth(2).waitFor()
    assert.equal(await rows.count(), 3)
    // Each row: its unit and quantity, and why it fits.
    assert.match(await rows.nth(0).locator('[data-test=row-quantity]').innerText(), /分配 2 台/)
    assert.match(await rows.nth(2).locator('[data-test=row-quantity]').innerText(), /分配 1 个/)
    await rows.nth(0).getByText('相符：电子琴').waitFor()
    await rows.nth(2).getByText('单位可一一对应').waitFor()
    await page.locator('[data-test=offer-remaining]', { hasText: '供给剩余 0 台' }).waitFor()
    // Take the first row out: the plan is previewed again without it.
    await rows.nth(0).locator('[data-test=remove-row]').click()
    await page.locator('[data-test=removed]').waitFor()
    await page.locator('[data-test=offer-remaining]', { hasText: '供给剩余 1 台' }).waitFor()
    assert.equal(await page.locator('[data-test=plan-row]').count(), 2)
    await page.screenshot({ path: `${ARTIFACTS}/allocation-rows-desktop.png`, fullPage: true })
    await page.locator('[data-test=commit]').click()
    await page.getByText(/已创建 2 笔认捐/).waitFor()
    await page.locator('[data-test=offer-remaining]', { hasText: '供给剩余 1 台' }).waitFor()
    await page.context().close()

    const after = await api(`/api/v1/offers/${offerId}`, { headers: { authorization: `Bearer ${enterprise}` } })
    assert.equal(after.body.remaining_quantity, 1)
    for (const [id, pledged] of [[first, 0], [second, 2], [third, 2], [money, 0]]) {
      const n = await api(`/api/v1/needs/${id}`, { headers: { authorization: `Bearer ${hh}` } })
      assert.equal(n.body.pledged_quantity, pledged, `need ${id}`)
    }
  })
}
