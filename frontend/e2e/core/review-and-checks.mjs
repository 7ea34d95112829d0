// Core steps: an official's batch approval, a cross-county check round to an accepted rectification, a
// refused self-approval (the rule of two people).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { confirmDialog, findRow, pickRegion } from '../helpers.mjs'

export default async (ctx) => {
  const { browser, base, api, step, signIn, token, ARTIFACTS, PASSWORD, env, setLastPage, deadline, BIN } = ctx

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
    setLastPage(anonymous)
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
}
