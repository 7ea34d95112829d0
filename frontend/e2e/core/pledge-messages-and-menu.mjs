// Core steps: a server error shown in Chinese, the confirmation before cancelling a pledge, the phone menu.
import assert from 'node:assert/strict'
import { confirmDialog } from '../helpers.mjs'

export default async (ctx) => {
  const { browser, base, api, step, signIn, token, ARTIFACTS, deadline } = ctx

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
}
