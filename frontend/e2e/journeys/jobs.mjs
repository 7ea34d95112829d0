// 就业扶贫 (issue 19, "Jobs"): the county verifies the demo enterprise; the enterprise posts a sewing
// job in the village workshop of 杜关村 (Lushi County); the village official records two members of
// the demo household able to work (on a phone) and applies for one from the job's matches; the
// employer invites; the household accepts on its phone and the employer then sees its phone; the
// employer hires (start date 30 days back, so the 30-day check is due today); the village official
// answers the 30-day retention check; the figures count the hire.
import assert from 'node:assert/strict'

const TITLE = `扶贫车间缝纫工 ${Date.now() % 100000}`
const PHONE = { width: 375, height: 812 }
const HOUSEHOLD_PHONE = '13903981234'
const VILLAGE_OFFICIAL = 'official.duguancun@demo.bangfu.cn'

/** YYYY-MM-DD `days` from today, in UTC (the server checks a start date against its UTC date). */
function utcDate(days) {
  return new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10)
}

export default async function ({ browser, base, api, step, signIn, token, ARTIFACTS, setLastPage }) {
  let jobId = null
  let householdId = null
  let householdLabel = null
  let applicationId = null
  const bearer = (tok) => ({ authorization: `Bearer ${tok}` })

  /** Checks what a confirmation or prompt dialog says, types into it when asked, and presses `button`. */
  async function dialog(page, says, button, text) {
    const box = page.locator('.el-message-box:visible')
    await box.getByText(says).first().waitFor()
    if (text !== undefined) await box.locator('.el-message-box__input textarea, .el-message-box__input input').first().fill(text)
    await box.locator('.el-message-box__btns button', { hasText: button }).click()
    await box.waitFor({ state: 'hidden' })
  }

  /** Chooses a region level by level, typing each name as a person does. */
  async function pickRegion(page, scope, names) {
    for (const name of names) {
      await scope.locator('[data-test=region-select]').click()
      await page.keyboard.type(name)
      await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
      await scope.locator('.crumbs', { hasText: name }).waitFor()
    }
  }

  /** Leaves exactly `wanted` pressed in a skill picker (the demo may have recorded some already). */
  async function setSkills(picker, wanted) {
    for (const b of await picker.locator('[data-skill]').all()) {
      const on = (await b.getAttribute('aria-pressed')) === 'true'
      if (on !== wanted.includes(await b.getAttribute('data-skill'))) await b.click()
    }
  }

  const fitsPhone = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)

  await step('jobs: the county verifies the demo enterprise, which may then post jobs', async () => {
    const ent = await token('enterprise@demo.bangfu.cn')
    const me = await api('/api/v1/me', { headers: bearer(ent) })
    assert.equal(me.status, 200, JSON.stringify(me.body))
    if (!me.body.organization?.verified) {
      // Unverified, posting is refused with organization_unverified.
      const refused = await api('/api/v1/jobs', { method: 'POST', headers: bearer(ent), body: JSON.stringify({ title: '试一试' }) })
      assert.ok([400, 403].includes(refused.status), JSON.stringify(refused.body))
      const page = await signIn('official.lushi@demo.bangfu.cn', undefined, '/admin')
      const row = page.locator('article.row', { hasText: '卢氏县绿源农业有限公司' })
      await row.waitFor({ timeout: 10000 })
      await row.getByRole('button', { name: '认证' }).click()
      await row.waitFor({ state: 'detached', timeout: 10000 })
      await page.context().close()
    }
    const after = await api('/api/v1/me', { headers: bearer(ent) })
    assert.equal(after.body.organization?.verified, true, JSON.stringify(after.body.organization))
  })

  await step('jobs: the enterprise posts a sewing job in the 杜关村 workshop; every mistake shows beside its field', async () => {
    const page = await signIn('enterprise@demo.bangfu.cn', undefined, '/employer')
    await page.getByRole('heading', { name: '招聘台' }).waitFor()
    assert.equal(await page.title(), '招聘台 · 帮扶')
    await page.locator('[data-test=new-job]').click()
    const form = page.locator('[data-test=job-form]')
    // Nothing filled in: the server names every missing field at once, each beside its input.
    await form.locator('[data-test=jf-submit]').click()
    await form.locator('.el-form-item__error').first().waitFor({ timeout: 10000 })
    assert.ok((await form.locator('.el-form-item__error').count()) >= 3, 'several fields refused at once')
    await form.locator('#jf-title').fill(TITLE)
    await pickRegion(page, form.locator('.el-form-item', { hasText: '工作地点' }), ['河南', '三门峡', '卢氏', '杜关镇', '杜关村'])
    await form.locator('#jf-positions').fill('3')
    await form.locator('#jf-pay-min').fill('2400')
    await form.locator('#jf-pay-max').fill('3000')
    await form.locator('[data-test=jf-skills] [data-skill=sewing]').click()
    await form.locator('[data-test=jf-skills] [data-skill=handicraft]').click()
    await form.locator('#jf-description').fill('村里扶贫车间缝制箱包，计时上班，早八点到下午五点，离家近，可以照顾老人孩子。')
    await page.screenshot({ path: `${ARTIFACTS}/jobs-post-form.png`, fullPage: true })
    await form.locator('[data-test=jf-submit]').click()
    await page.getByRole('heading', { name: TITLE }).waitFor({ timeout: 10000 })
    jobId = new URL(page.url()).pathname.split('/').pop()
    await page.locator('[data-test=job-pay]').getByText('¥2,400–¥3,000 / 月').waitFor()
    await page.locator('[data-test=job-place]').getByText('杜关村').waitFor()
    await page.locator('[data-test=job-left]').getByText('还招 3 人（共 3 人）').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/jobs-posted.png`, fullPage: true })
    await page.context().close()
    const pub = await api(`/api/v1/jobs/${jobId}`)
    assert.equal(pub.status, 200)
    assert.equal(pub.body.status, 'open')
    assert.equal(pub.body.region_code.slice(0, 9), '411224101')
  })

  await step('jobs: anyone finds the job on the board on a phone, by a word and the place of work', async () => {
    assert.ok(jobId, 'posted')
    for (let i = 0; i < 150; i++) {
      const r = await api(`/api/v1/jobs/search?q=${encodeURIComponent('缝纫')}`)
      if (r.body?.hits?.some((h) => h.id === jobId)) break
      await new Promise((r) => setTimeout(r, 200))
    }
    const page = await (await browser.newContext({ viewport: PHONE })).newPage()
    setLastPage(page)
    await page.goto(`${base}/jobs`)
    await page.getByRole('textbox', { name: '搜索岗位，例如：缝纫、香菇采摘、保洁' }).fill('缝纫')
    await page.waitForFunction(() => location.search.includes('q='))
    const card = page.locator('[data-test=job-card]', { hasText: TITLE })
    await card.waitFor({ timeout: 10000 })
    await card.getByText('¥2,400–¥3,000 / 月').waitFor()
    // The filters fold behind a button on a phone; the skills facet narrows.
    await page.locator('[data-test=filters-button]').click()
    await page.locator('[data-test=skills-facet]').getByText(/缝纫/).click()
    await page.waitForFunction(() => location.search.includes('skills=sewing'))
    await card.waitFor()
    assert.ok(await fitsPhone(page), 'the board fits 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/jobs-board-phone.png`, fullPage: true })
    // Words that find nothing offer suggestions when the engine has some; the empty state otherwise.
    await page.getByRole('textbox', { name: '搜索岗位，例如：缝纫、香菇采摘、保洁' }).fill('宇航员')
    await page.locator('[data-test=search-suggestions], .el-empty').first().waitFor({ timeout: 10000 })
    await page.context().close()
  })

  await step('jobs: the village official records two members able to work, on a phone', async () => {
    const hh = await token('household@demo.bangfu.cn')
    const me = await api('/api/v1/me', { headers: bearer(hh) })
    householdId = me.body.household?.id
    assert.ok(householdId, JSON.stringify(me.body))
    // The demo household has no phone on record; the village records one (set-up, as the office would).
    const official = await token(VILLAGE_OFFICIAL)
    const patched = await api(`/api/v1/households/${householdId}`, { method: 'PATCH', headers: bearer(official), body: JSON.stringify({ phone: HOUSEHOLD_PHONE }) })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    const page = await signIn(VILLAGE_OFFICIAL, PHONE, '/official/jobs')
    await page.getByRole('heading', { name: '就业帮扶' }).waitFor()
    await page.locator('#work-household-id').fill(householdId)
    await page.locator('[data-test=open-household] button').click()
    await page.waitForURL(`${base}/households/${householdId}/work`)
    await page.locator('[data-test=work-household]').getByText('张建国').waitFor()
    await page.locator('#work-able').fill('2')
    await page.locator('#work-able').blur()
    await setSkills(page.locator('[data-test=work-skills]'), ['sewing', 'cooking'])
    await page.locator('[data-test=work-travel] [data-travel=county]').click()
    assert.ok(await fitsPhone(page), 'the work form fits 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/jobs-work-form-phone.png`, fullPage: true })
    await page.locator('[data-test=work-save]').click()
    await page.getByText('已保存').first().waitFor()
    await page.locator('[data-test=work-updated]').getByText('上次登记').waitFor({ timeout: 10000 })
    await page.context().close()
    const work = await api(`/api/v1/households/${householdId}/work`, { headers: bearer(official) })
    assert.equal(work.status, 200, JSON.stringify(work.body))
    assert.equal(work.body.able_to_work, 2)
    assert.deepEqual([...work.body.skills].sort(), ['cooking', 'sewing'])
    assert.equal(work.body.willing_to_travel, 'county')
    // Nobody else sees it.
    const donor = await token('donor@demo.bangfu.cn')
    assert.equal((await api(`/api/v1/households/${householdId}/work`, { headers: bearer(donor) })).status, 404)
  })

  await step('jobs: the village official finds the household among the job’s matches and applies for one member', async () => {
    assert.ok(jobId && householdId, 'posted and recorded')
    // The job page is public: sign in on a guarded page first, then open it.
    const page = await signIn(VILLAGE_OFFICIAL, undefined, '/official/jobs')
    await page.goto(`${base}/jobs/${jobId}`)
    await page.getByRole('heading', { name: TITLE }).waitFor()
    const form = page.locator('[data-test=apply-form]')
    await form.waitFor()
    // The matches show the household with reasons, and no name or phone.
    const match = page.locator('.official-matches [data-test=job-match]').first()
    const matched = await match.waitFor({ timeout: 10000 }).then(() => true, () => false)
    if (matched) {
      const text = await page.locator('.official-matches').innerText()
      assert.ok(!text.includes('张建国') && !text.includes(HOUSEHOLD_PHONE), 'no personal data among the matches')
      await match.locator('[data-test=match-reasons]').getByText(/技能符合/).waitFor()
      await page.screenshot({ path: `${ARTIFACTS}/jobs-matches-official.png`, fullPage: true })
      await match.locator('[data-test=match-apply]').click()
      assert.equal(await form.locator('#apply-household').inputValue(), householdId)
    } else {
      await form.locator('#apply-household').fill(householdId)
    }
    await form.locator('[data-test=apply-age]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '35–44 岁' }).click()
    await form.locator('[data-test=apply-skills] [data-skill=sewing]').click()
    await form.locator('#apply-note').fill('做过五年缝纫，能吃苦。')
    await form.locator('[data-test=apply-submit]').click()
    await page.locator('[data-test=applied]').waitFor({ timeout: 10000 })
    await page.screenshot({ path: `${ARTIFACTS}/jobs-applied-official.png`, fullPage: true })
    await page.context().close()
    const hh = await token('household@demo.bangfu.cn')
    const mine = await api('/api/v1/me/applications', { headers: bearer(hh) })
    const a = mine.body.items.find((x) => x.job.id === jobId)
    assert.ok(a, JSON.stringify(mine.body))
    assert.equal(a.status, 'applied')
    applicationId = a.id
    householdLabel = a.household_label
  })

  await step('jobs: the employer invites; it does not see the household’s phone yet', async () => {
    assert.ok(applicationId, 'applied')
    const page = await signIn('enterprise@demo.bangfu.cn', undefined, '/employer?tab=applied')
    const card = page.locator(`[data-test=application-card][data-id="${applicationId}"]`)
    await card.waitFor({ timeout: 10000 })
    await card.getByText(householdLabel).waitFor()
    await card.getByText('35–44 岁').waitFor()
    assert.ok(!(await card.innerText()).includes(HOUSEHOLD_PHONE), 'no phone before acceptance')
    await page.locator('[data-test=my-job-counts]').first().waitFor({ state: 'attached' })
    await card.locator('[data-test=application-invite]').click()
    await dialog(page, '邀请这一户', '邀请')
    // It moves to the invitations, which show it without a phone until the household accepts.
    await page.locator(`[data-test=application-card][data-status=invited][data-id="${applicationId}"]`).waitFor({ state: 'attached', timeout: 10000 })
    await page.getByRole('tab', { name: /已邀请/ }).click()
    await page.locator(`[data-test=application-card][data-status=invited][data-id="${applicationId}"]`).getByText('对方接受邀请后，这里会显示对方的电话').waitFor()
    await page.context().close()
    const ent = await token('enterprise@demo.bangfu.cn')
    const a = await api(`/api/v1/applications/${applicationId}`, { headers: bearer(ent) })
    assert.equal(a.body.status, 'invited')
    assert.ok(!a.body.contact_phone, 'the employer has no phone before acceptance')
  })

  await step('jobs: the household accepts on its phone; the page says the employer now sees its phone', async () => {
    const page = await signIn('household@demo.bangfu.cn', PHONE, '/me/applications')
    await page.getByRole('heading', { name: '我的求职' }).waitFor()
    const card = page.locator(`[data-test=application-card][data-id="${applicationId}"]`)
    await card.waitFor({ timeout: 10000 })
    await card.getByText('已邀请').waitFor()
    await card.locator('[data-test=application-accept]').click()
    await dialog(page, '可以看到您家的电话', '接受邀请')
    await page.locator(`[data-test=application-card][data-status=accepted][data-id="${applicationId}"]`).waitFor({ timeout: 10000 })
    await card.locator('[data-test=phone-shared]').getByText(HOUSEHOLD_PHONE).waitFor()
    assert.ok(await fitsPhone(page), 'my applications fit 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/jobs-accepted-phone.png`, fullPage: true })
    await page.context().close()
  })

  await step('jobs: the employer sees the phone and hires, starting 30 days ago', async () => {
    const page = await signIn('enterprise@demo.bangfu.cn', undefined, '/employer?tab=invited')
    const card = page.locator(`[data-test=application-card][data-id="${applicationId}"]`)
    await card.waitFor({ timeout: 10000 })
    await card.locator('[data-test=application-phone]').getByText(HOUSEHOLD_PHONE).waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/jobs-phone-shown.png`, fullPage: true })
    await card.locator('[data-test=application-hire]').click()
    const hire = page.locator('[data-test=hire-form]')
    await hire.waitFor()
    await hire.locator('#hire-start').fill(utcDate(-30))
    await hire.locator('#hire-pay').fill('2600')
    await hire.locator('[data-test=hire-submit]').click()
    await hire.waitFor({ state: 'hidden', timeout: 10000 })
    await page.getByRole('tab', { name: /已录用/ }).click()
    const hired = page.locator(`[data-test=application-card][data-status=hired][data-id="${applicationId}"]`)
    await hired.waitFor({ timeout: 10000 })
    await hired.locator('[data-test=application-hired]').getByText('¥2,600 / 月').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/jobs-hired.png`, fullPage: true })
    await page.context().close()
    const job = await api(`/api/v1/jobs/${jobId}`)
    assert.equal(job.body.positions_left, 2)
  })

  await step('jobs: the household records another member free to work, applies for them itself on a phone, then withdraws', async () => {
    const page = await signIn('household@demo.bangfu.cn', PHONE, '/me/work')
    // Its own form: one more member can work now (the demo may hold other applications of it).
    await page.locator('[data-test=work-form]').waitFor()
    await page.locator('#work-able').fill('4')
    await page.locator('#work-able').blur()
    await page.locator('[data-test=work-save]').click()
    await page.getByText('已保存').first().waitFor()
    await page.goto(`${base}/jobs/${jobId}`)
    await page.getByRole('heading', { name: TITLE }).waitFor()
    await page.locator('[data-test=job-left]').getByText('还招 2 人（共 3 人）').waitFor()
    const form = page.locator('[data-test=apply-form]')
    await form.locator('[data-test=apply-age]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '45–54 岁' }).click()
    await form.locator('[data-test=apply-skills] [data-skill=cooking]').click()
    assert.ok(await fitsPhone(page), 'the job page fits 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/jobs-apply-phone.png`, fullPage: true })
    await form.locator('[data-test=apply-submit]').click()
    await page.locator('[data-test=applied]').waitFor({ timeout: 10000 })
    await page.locator('[data-test=applied] a').click()
    const card = page.locator('[data-test=application-card][data-status=applied]', { hasText: TITLE })
    await card.waitFor({ timeout: 10000 })
    await card.locator('[data-test=application-withdraw]').click()
    await dialog(page, '撤回对', '撤回报名')
    await page.locator('[data-test=application-card][data-status=withdrawn]', { hasText: TITLE }).waitFor({ timeout: 10000 })
    await page.context().close()
  })

  await step('jobs: the village official answers the 30-day retention check; the figures count the hire', async () => {
    const page = await signIn(VILLAGE_OFFICIAL, undefined, '/official/jobs?tab=retention')
    const check = page.locator('[data-test=retention-check]', { hasText: TITLE }).first()
    await check.waitFor({ timeout: 10000 })
    await check.getByText('录用后 30 天回访').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/jobs-retention-due.png`, fullPage: true })
    await check.locator('[data-test=retention-yes]').click()
    await dialog(page, '仍在岗', '仍在岗', '在车间上班，每天按时到岗。')
    await check.waitFor({ state: 'detached', timeout: 10000 })
    await page.locator('[data-test=retention-filter]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '已回访' }).click()
    const answered = page.locator('[data-test=retention-check]', { hasText: TITLE }).first()
    await answered.locator('[data-test=retention-answer]').getByText('仍在岗').waitFor({ timeout: 10000 })
    await page.screenshot({ path: `${ARTIFACTS}/jobs-retention-answered.png`, fullPage: true })
    await page.context().close()
    // The figures are cached up to 60 s: wait for the hire and the answer to count.
    let row = null
    for (let i = 0; i < 80; i++) {
      const r = await api('/api/v1/stats/jobs?region=411224')
      row = r.body?.rows?.find((x) => x.county_code === '411224')
      if (row && row.hires >= 1 && row.still_employed_30 >= 1) break
      await new Promise((r) => setTimeout(r, 1000))
    }
    assert.ok(row && row.hires >= 1 && row.still_employed_30 >= 1, JSON.stringify(row))
    const dash = await signIn('official.lushi@demo.bangfu.cn', undefined, '/official')
    await dash.locator('[data-test=job-figures] [data-test=jobs-row]', { hasText: '卢氏县' }).waitFor({ timeout: 10000 })
    await dash.locator('[data-test=job-figures]').scrollIntoViewIfNeeded()
    await dash.screenshot({ path: `${ARTIFACTS}/jobs-official-dashboard.png`, fullPage: true })
    await dash.context().close()
    // The enterprise's contribution report counts the hire.
    const ent = await token('enterprise@demo.bangfu.cn')
    const report = await api('/api/v1/me/contribution', { headers: bearer(ent) })
    assert.ok(report.body.summary.hires >= 1, JSON.stringify(report.body.summary))
  })

  await step('jobs: the employer edits the job, then stops hiring; it leaves the board', async () => {
    assert.ok(jobId, 'posted')
    const page = await signIn('enterprise@demo.bangfu.cn', undefined, '/employer')
    await page.locator('[data-test=my-job]', { hasText: TITLE }).locator('a.title').click()
    await page.getByRole('heading', { name: TITLE }).waitFor()
    await page.locator('[data-test=job-edit]').click()
    const form = page.locator('[data-test=job-form]')
    await form.locator('#jf-pay-min').fill('2500')
    await form.locator('[data-test=jf-submit]').click()
    await form.waitFor({ state: 'detached', timeout: 10000 })
    await page.locator('[data-test=job-pay]').getByText('¥2,500–¥3,000 / 月').waitFor()
    await page.locator('[data-test=job-close]').click()
    await dialog(page, '不再接受报名', '停止招聘', '人已招够')
    await page.locator('[data-test=job-status]').getByText('已结束').waitFor({ timeout: 10000 })
    await page.context().close()
    for (let i = 0; i < 150; i++) {
      const r = await api(`/api/v1/jobs/search?q=${encodeURIComponent('缝纫')}`)
      if (!r.body?.hits?.some((h) => h.id === jobId)) return
      await new Promise((r) => setTimeout(r, 200))
    }
    assert.fail('the closed job is still on the board')
  })
}
