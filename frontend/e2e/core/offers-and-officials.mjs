// Core steps: an enterprise's offer and its allocation, a rejected need, an enterprise's registration,
// needs posted by a household and by an official, offers search and figures, the admin's page.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { findRow, pickRegion } from '../helpers.mjs'

export default async (ctx) => {
  const { browser, base, api, step, signIn, token, ARTIFACTS, PASSWORD, env, setLastPage, hh, official, deadline, BIN } = ctx

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
    setLastPage(page)
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
}
