// 扶贫展示 and 扶贫榜样: set-up through the API — the demo household's need in 杜关村, a donor's pledge
// approved, delivered and confirmed with a rating. The village official writes a story about it from
// the need's page with a photo; the household agrees on its phone (without faces); the county
// official (a second official) approves it from the queue, after saying which photos show a face; anyone reads it on /stories and on the
// need's page, with no name; the honour roll shows the donor masked, ranked with its confirmed value;
// the donor opts in to its name and the roll shows it.
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'

const STAMP = Date.now() % 100000
const NEED_TITLE = `助学电脑一台 ${STAMP}`
const STORY_TITLE = `一台电脑，孩子上网课不用跑邻居家 ${STAMP}`
const STORY_BODY = '去年冬天，村里这户人家的孩子上网课只能借邻居的手机。爱心人士认捐的电脑送到后，孩子每天按时上课，作业也能在家完成。'
const PHONE = { width: 375, height: 812 }
const DESKTOP = { width: 1280, height: 900 }
const VILLAGE_OFFICIAL = 'official.duguancun@demo.bangfu.cn'
const COUNTY_OFFICIAL = 'official.lushi@demo.bangfu.cn'
const VALUE_FEN = 320000

function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

/** A w×h RGB PNG: a grey laptop on a wooden desk (no face in it). */
function laptopPng(w, h) {
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0
    for (let x = 0; x < w; x++) {
      let rgb = (y % 18) < 2 ? [140, 96, 60] : [176, 126, 82]
      if (x > w * 0.25 && x < w * 0.75 && y > h * 0.2 && y < h * 0.6) rgb = x > w * 0.28 && x < w * 0.72 && y > h * 0.24 && y < h * 0.56 ? [70, 130, 190] : [60, 60, 66]
      if (x > w * 0.2 && x < w * 0.8 && y >= h * 0.6 && y < h * 0.68) rgb = [120, 120, 128]
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
  let needId = null
  let pledgeId = null
  let storyId = null
  let donorId = null
  let donorName = null
  let householdName = null
  const year = new Date().getUTCFullYear()

  async function dialog(page, says, button) {
    const box = page.locator('.el-message-box:visible')
    await box.getByText(says).first().waitFor()
    await box.locator('.el-message-box__btns button', { hasText: button }).click()
    await box.waitFor({ state: 'hidden' })
  }
  const fitsPhone = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)
  async function pickRegion(page, scope, names) {
    for (const name of names) {
      await scope.locator('[data-test=region-select]').click()
      await page.keyboard.type(name)
      await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
      await scope.locator('.crumbs', { hasText: name }).waitFor()
    }
  }
  async function anonymous(viewport) {
    const page = await (await browser.newContext({ viewport })).newPage()
    setLastPage(page)
    return page
  }

  await step('stories: set-up — a pledge on a 杜关村 need, approved, delivered and confirmed with a rating', async () => {
    const hh = await token('household@demo.bangfu.cn')
    const county = await token(COUNTY_OFFICIAL)
    const donor = await token('donor@demo.bangfu.cn')
    const me = await api('/api/v1/me', { headers: bearer(donor) })
    donorId = me.body.id
    donorName = me.body.display_name
    // The donor starts masked (an earlier run may have opted in).
    const reset = await api('/api/v1/me/honour', { method: 'PATCH', headers: bearer(donor), body: JSON.stringify({ show_name: false, listed: true }) })
    assert.equal(reset.status, 200, JSON.stringify(reset.body))
    const hme = await api('/api/v1/me', { headers: bearer(hh) })
    const household = await api(`/api/v1/households/${hme.body.household.id}`, { headers: bearer(hh) })
    householdName = household.body.head_name
    assert.ok(householdName, JSON.stringify(household.body))
    const deadline = new Date(Date.now() + 30 * 86400e3).toISOString()
    const posted = await api('/api/v1/needs', { method: 'POST', headers: bearer(hh), body: JSON.stringify({ title: NEED_TITLE,
      description: '孩子读初中，上网课没有电脑，需要一台能上网课的笔记本电脑。', category: 'education', quantity: 1, unit: '台',
      estimated_value_fen: VALUE_FEN, urgency: 'normal', deadline, region_code: '411224101200' }) })
    assert.equal(posted.status, 201, JSON.stringify(posted.body))
    needId = posted.body.id
    const reviewed = await api(`/api/v1/needs/${needId}/review`, { method: 'POST', headers: bearer(county), body: JSON.stringify({ decision: 'approve' }) })
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body))
    const p = await api(`/api/v1/needs/${needId}/pledges`, { method: 'POST', headers: { ...bearer(donor), 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ quantity: 1, message: '给孩子上网课用' }) })
    assert.equal(p.status, 201, JSON.stringify(p.body))
    pledgeId = p.body.id
    const approved = await api(`/api/v1/pledges/${pledgeId}/approve`, { method: 'POST', headers: bearer(county), body: '{}' })
    assert.equal(approved.status, 200, JSON.stringify(approved.body))
    const delivered = await api(`/api/v1/pledges/${pledgeId}/deliver`, { method: 'POST', headers: bearer(donor), body: JSON.stringify({ note: '已快递送到村委会' }) })
    assert.equal(delivered.status, 200, JSON.stringify(delivered.body))
    const confirmed = await api(`/api/v1/pledges/${pledgeId}/confirm`, { method: 'POST', headers: bearer(hh), body: JSON.stringify({ rating: 5, thanks: '谢谢，孩子很高兴' }) })
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body))
  })

  await step('stories: the village official writes a story from the need’s confirmed pledge, with a photo', async () => {
    assert.ok(needId && pledgeId, 'set up')
    const page = await signIn(VILLAGE_OFFICIAL, DESKTOP, '/me/stories')
    await page.getByRole('heading', { name: '我的故事' }).waitFor()
    await page.goto(`${base}/needs/${needId}`)
    await page.getByRole('heading', { name: NEED_TITLE }).waitFor()
    // Signed in again after the reload (the token lives in memory): open the need from a guarded page instead.
    if (!(await page.locator('[data-test=write-story]').isVisible({ timeout: 3000 }).catch(() => false))) {
      await page.context().close()
      const again = await signIn(VILLAGE_OFFICIAL, DESKTOP, `/stories/new?subject_type=pledge&subject_id=${pledgeId}`)
      return writeStory(again)
    }
    await page.locator('[data-test=write-story]').click()
    await writeStory(page)
  })

  async function writeStory(page) {
    await page.getByRole('heading', { name: '写帮扶故事' }).waitFor()
    const form = page.locator('[data-test=story-form]')
    // Too short, and with a phone number: refused beside the fields.
    await form.locator('#story-title').fill('好')
    await form.locator('#story-body').fill('联系电话 13903981234')
    await form.locator('[data-test=story-save]').click()
    await form.locator('.el-form-item__error').first().waitFor({ timeout: 10000 })
    await form.locator('#story-title').fill(STORY_TITLE)
    await form.locator('#story-body').fill(STORY_BODY)
    await form.locator('[data-test=story-save]').click()
    await page.getByRole('heading', { name: STORY_TITLE }).waitFor({ timeout: 10000 })
    storyId = new URL(page.url()).pathname.split('/').pop()
    await page.locator('[data-test=story-status]').getByText('草稿').waitFor()
    await page.locator('[data-test=story-next]').getByText('请该户同意').waitFor()
    // A photo without a face.
    await page.locator('[data-test=story-photo-file]').setInputFiles({ name: '电脑.png', mimeType: 'image/png', buffer: laptopPng(800, 600) })
    await page.locator('[data-test=story-photo-item]').first().waitFor({ timeout: 15000 })
    await page.locator('[data-test=story-photo-item] img').first().waitFor({ timeout: 10000 })
    assert.equal(await page.locator('[data-test=story-photo-item]').count(), 1)
    // A second photo, marked as showing a face, then removed again.
    await page.locator('[data-test=photo-shows-face]').click()
    await page.locator('[data-test=story-photo-file]').setInputFiles({ name: '合影.png', mimeType: 'image/png', buffer: laptopPng(640, 480) })
    const face = page.locator('[data-test=story-photo-item][data-face=true]')
    await face.waitFor({ timeout: 15000 })
    await face.getByText('有人脸').waitFor()
    await face.locator('[data-test=story-photo-remove]').click()
    await dialog(page, '删除这张照片', '删除')
    await face.waitFor({ state: 'detached', timeout: 10000 })
    assert.equal(await page.locator('[data-test=story-photo-item]').count(), 1)
    // Submitting waits for the household's consent.
    assert.ok(await page.locator('[data-test=story-submit]').isDisabled(), 'no submission before consent')
    await page.screenshot({ path: `${ARTIFACTS}/stories-draft-desktop.png`, fullPage: true })
    await page.context().close()
    const hh = await token('household@demo.bangfu.cn')
    const mine = await api('/api/v1/me/stories', { headers: bearer(hh) })
    const s = mine.body.items.find((x) => x.id === storyId)
    assert.ok(s, JSON.stringify(mine.body))
    assert.equal(s.private.status, 'draft')
    assert.equal(s.photos.length, 1)
  }

  await step('stories: the household reads the draft on its phone and agrees, without faces', async () => {
    assert.ok(storyId, 'written')
    const page = await signIn('household@demo.bangfu.cn', PHONE, '/me/stories')
    await page.getByRole('heading', { name: '我的故事' }).waitFor()
    const card = page.locator(`[data-test=story-card][data-id="${storyId}"]`)
    await card.waitFor({ timeout: 10000 })
    await card.locator('[data-test=story-status]').getByText('草稿').waitFor()
    assert.ok(await fitsPhone(page), 'my stories fit 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/stories-mine-phone.png`, fullPage: true })
    await card.getByRole('link', { name: STORY_TITLE }).click()
    await page.getByRole('heading', { name: STORY_TITLE }).waitFor()
    await page.locator('[data-test=story-consent-ask]').waitFor()
    await page.locator('[data-test=story-photo-item] img').first().waitFor({ timeout: 10000 })
    assert.ok(await fitsPhone(page), 'the story fits 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/stories-consent-phone.png`, fullPage: true })
    await page.locator('[data-test=consent-no-faces]').click()
    await dialog(page, '另一位工作人员审核', '同意发布')
    await page.locator('[data-test=story-consent]').getByText('本人在应用中同意').waitFor({ timeout: 10000 })
    await page.locator('[data-test=story-consent-ask]').waitFor({ state: 'detached' })
    await page.context().close()
  })

  await step('stories: the village official submits; the county official approves it from the queue', async () => {
    const page = await signIn(VILLAGE_OFFICIAL, DESKTOP, '/review/stories')
    // The official's bar stays on one line at 1280 px: its story pages are under 更多.
    const bar = await page.locator('.app-bar').boundingBox()
    assert.ok(bar && bar.height < 70, `the bar is ${bar?.height}px tall`)
    await page.locator('[data-test=nav-more] .more-button').click()
    await page.locator('[data-test=nav-more]').getByRole('link', { name: '我的故事' }).click()
    await page.getByRole('heading', { name: '我的故事' }).waitFor()
    await page.locator(`[data-test=story-card][data-id="${storyId}"]`).getByRole('link', { name: STORY_TITLE }).click()
    await page.getByRole('heading', { name: STORY_TITLE }).waitFor()
    await page.locator('[data-test=story-next]').getByText('可以提交审核').waitFor()
    await page.locator('[data-test=story-submit]').click()
    await page.locator('[data-test=story-status]').getByText('待审核').waitFor({ timeout: 10000 })
    await page.context().close()
    // The writer cannot review its own story.
    const village = await token(VILLAGE_OFFICIAL)
    const own = await api('/api/v1/review/stories', { headers: bearer(village) })
    assert.ok(!own.body.items.some((s) => s.id === storyId), 'the writer’s queue does not hold its own story')

    const reviewer = await signIn(COUNTY_OFFICIAL, DESKTOP, '/review/stories')
    await reviewer.getByRole('heading', { name: '故事审核' }).waitFor()
    const item = reviewer.locator(`[data-test=story-review-item][data-id="${storyId}"]`)
    await item.waitFor({ timeout: 10000 })
    await item.getByText('不同意展示人脸').waitFor()
    await item.locator('img').first().waitFor({ timeout: 10000 })
    // The reviewer says which photos show a face: one ticked, without the household's consent to
    // faces, is refused; unticked, the story goes public.
    const faceBox = item.locator('[data-test=story-review-face]').first()
    await faceBox.waitFor()
    await faceBox.click()
    await reviewer.screenshot({ path: `${ARTIFACTS}/stories-review-desktop.png`, fullPage: true })
    await item.locator('[data-test=story-approve]').click()
    await dialog(reviewer, '马上公开', '通过并公开')
    await reviewer.locator('.el-message--error').getByText('未同意展示人脸').waitFor({ timeout: 10000 })
    assert.ok(await item.isVisible(), 'a face without consent is not published')
    await faceBox.click()
    await item.locator('[data-test=story-approve]').click()
    await dialog(reviewer, '马上公开', '通过并公开')
    await item.waitFor({ state: 'detached', timeout: 10000 })
    await reviewer.context().close()
  })

  await step('stories: anyone reads it on /stories (by region) and on the need’s page, with no name', async () => {
    for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      const page = await anonymous(viewport)
      await page.goto(`${base}/stories`)
      await page.getByRole('heading', { name: '帮扶故事', exact: true }).waitFor()
      await pickRegion(page, page.locator('[data-test=stories-region]'), ['河南', '三门峡', '卢氏', '杜关镇', '杜关村'])
      await page.waitForFunction(() => location.search.includes('region=411224101'))
      const card = page.locator(`[data-test=story-card][data-id="${storyId}"]`)
      await card.waitFor({ timeout: 10000 })
      await card.locator('[data-test=story-place]').getByText('杜关村').waitFor()
      await card.locator('img').waitFor({ timeout: 10000 })
      if (label === 'phone') assert.ok(await fitsPhone(page), 'the stories fit 375 px')
      await page.screenshot({ path: `${ARTIFACTS}/stories-list-${label}.png`, fullPage: true })
      await card.getByRole('link', { name: STORY_TITLE }).click()
      await page.getByRole('heading', { name: STORY_TITLE }).waitFor()
      const text = await page.locator('main').innerText()
      assert.ok(!text.includes(householdName), 'no household name on the story')
      assert.ok(text.includes('杜关村'), 'the village is named')
      await page.locator('[data-test=story-photo-item] img').first().waitFor({ timeout: 10000 })
      await page.screenshot({ path: `${ARTIFACTS}/stories-story-${label}.png`, fullPage: true })
      await page.locator('[data-test=story-need]').click()
      await page.getByRole('heading', { name: NEED_TITLE }).waitFor()
      const section = page.locator('[data-test=need-stories]')
      await section.locator(`[data-test=story-card][data-id="${storyId}"]`).waitFor({ timeout: 10000 })
      assert.ok(!(await section.innerText()).includes(householdName), 'no household name on the need’s stories')
      if (label === 'phone') assert.ok(await fitsPhone(page), 'the need fits 375 px')
      await section.scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${ARTIFACTS}/stories-need-${label}.png`, fullPage: true })
      await page.context().close()
    }
  })

  await step('stories: the honour roll shows the donor masked, ranked with its confirmed value', async () => {
    const roll = await api(`/api/v1/honour-roll?region=411224&year=${year}&per_page=100`)
    assert.equal(roll.status, 200, JSON.stringify(roll.body))
    const i = roll.body.items.findIndex((r) => r.id === donorId)
    assert.ok(i >= 0, JSON.stringify(roll.body.items))
    const row = roll.body.items[i]
    assert.ok(row.value_delivered_fen >= VALUE_FEN, JSON.stringify(row))
    assert.notEqual(row.name, donorName)
    assert.match(row.name, /^爱心人士/)
    const valueText = `¥${(row.value_delivered_fen / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`
    for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      const page = await anonymous(viewport)
      await page.goto(`${base}/honour-roll?region=411224&year=${year}`)
      await page.getByRole('heading', { name: '爱心榜' }).waitFor()
      const r = page.locator(`[data-test=honour-row][data-id="${donorId}"]`)
      await r.waitFor({ timeout: 10000 })
      await r.locator('[data-test=honour-name]').getByText(row.name).waitFor()
      await r.locator('[data-test=honour-value]').getByText(valueText).waitFor()
      assert.equal((await r.locator('.rank').innerText()).trim(), String(i + 1))
      assert.ok(!(await page.locator('main').innerText()).includes(donorName), 'the donor’s name is not shown before it opts in')
      if (label === 'phone') assert.ok(await fitsPhone(page), 'the roll fits 375 px')
      await page.screenshot({ path: `${ARTIFACTS}/honour-roll-${label}.png`, fullPage: true })
      if (label === 'desktop') {
        await r.locator('[data-test=honour-name]').click()
        await page.locator('[data-test=supporter-name]').getByText(row.name).waitFor()
        await page.locator('[data-test=supporter-value]').getByText(valueText).waitFor()
        await page.locator('[data-test=rating-bars]').waitFor()
        await page.screenshot({ path: `${ARTIFACTS}/supporter-desktop.png`, fullPage: true })
      }
      await page.context().close()
    }
  })

  await step('stories: the donor opts in to its name; the roll shows it', async () => {
    const page = await signIn('donor@demo.bangfu.cn', PHONE, '/me/honour')
    await page.getByRole('heading', { name: '榜单设置' }).waitFor()
    const box = page.locator('[data-test=honour-show-name]')
    await box.waitFor()
    await box.click()
    await page.getByText('已保存').first().waitFor({ timeout: 10000 })
    assert.ok(await fitsPhone(page), 'the settings fit 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/honour-settings-phone.png`, fullPage: true })
    await page.context().close()
    const roll = await api(`/api/v1/honour-roll?region=411224&year=${year}&per_page=100`)
    assert.equal(roll.body.items.find((r) => r.id === donorId)?.name, donorName)
    const view = await anonymous(DESKTOP)
    await view.goto(`${base}/honour-roll?region=411224&year=${year}`)
    await view.locator(`[data-test=honour-row][data-id="${donorId}"] [data-test=honour-name]`).getByText(donorName).waitFor({ timeout: 10000 })
    await view.screenshot({ path: `${ARTIFACTS}/honour-roll-named-desktop.png`, fullPage: true })
    await view.context().close()
  })
}
