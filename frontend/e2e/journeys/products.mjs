// 消费扶贫 (issue 18, "Products"): a household lists walnuts (核桃, ¥36 a 公斤) with a photo; the county
// official certifies them; a donor finds them and orders 3 公斤 on a phone; the household records
// the payment and ships; the donor confirms receipt with a rating; the figures show the sale.
// The photo is made here.
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'

function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

/** A w×h RGB PNG: brown walnuts with darker wrinkles on a straw-coloured basket. */
function walnutsPng(w, h) {
  const nuts = [[0.3, 0.4, 0.17], [0.62, 0.35, 0.16], [0.45, 0.7, 0.18], [0.8, 0.72, 0.14]].map(([x, y, r]) => [x * w, y * h, r * h])
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0
    for (let x = 0; x < w; x++) {
      let rgb = (x + y) % 14 < 3 ? [196, 160, 96] : [226, 196, 132]
      for (const [cx, cy, r] of nuts) {
        const d = Math.hypot(x - cx, y - cy)
        if (d < r) {
          const wrinkle = Math.sin((x - cx) * 0.35) * Math.cos((y - cy) * 0.3) > 0.55 || Math.abs(x - cx) < 2
          const shade = 1 - (0.35 * d) / r
          rgb = (wrinkle ? [88, 56, 30] : [150, 104, 58]).map((v) => Math.round(v * shade + 20))
        }
      }
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

const TITLE = `卢氏薄皮核桃 ${Date.now() % 100000}`
const PHONE = { width: 375, height: 812 }

export default async function ({ browser, base, api, step, signIn, token, ARTIFACTS, setLastPage }) {
  let productId = null
  let salesBefore = null

  /** Checks what a confirmation or prompt dialog says, types into it when asked, and presses `button`. */
  async function dialog(page, says, button, text) {
    const box = page.locator('.el-message-box:visible')
    await box.getByText(says).first().waitFor()
    if (text !== undefined) await box.locator('.el-message-box__input textarea, .el-message-box__input input').first().fill(text)
    await box.locator('.el-message-box__btns button', { hasText: button }).click()
    await box.waitFor({ state: 'hidden' })
  }

  await step('a household lists walnuts with a photo; they wait for the county', async () => {
    const page = await signIn('household@demo.bangfu.cn', undefined, '/seller')
    await page.getByRole('heading', { name: '我的店铺' }).waitFor()
    assert.equal(await page.title(), '我的店铺 · 帮扶')
    await page.locator('[data-test=new-product]').click()
    const form = page.locator('[data-test=product-form]')
    await form.locator('#pf-title').fill(TITLE)
    await form.locator('[data-test=pf-category]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '干果坚果' }).click()
    // A price that is not one is refused beside its field, in Chinese, before anything is sent.
    await form.locator('#pf-price').fill('三十六')
    await form.locator('#pf-unit').fill('公斤')
    await form.locator('[data-test=pf-submit]').click()
    await form.getByText('请填写正确的价格，例如 36 或 36.50').waitFor()
    await form.locator('#pf-price').fill('36')
    await form.locator('#pf-stock').fill('50')
    await form.locator('#pf-description').fill('卢氏县杜关镇自家核桃树所产，薄皮好剥，当年新货，晒干后手工挑选。')
    await form.locator('[data-test=region-chosen]').waitFor()
    await form.locator('[data-test=pf-submit]').click()
    const row = page.locator('[data-test=my-product]', { hasText: TITLE })
    await row.waitFor({ timeout: 10000 })
    assert.equal(await row.getAttribute('data-status'), 'pending_certification')
    await row.getByText('待认定').waitFor()
    await row.getByText('¥36 / 公斤').waitFor()
    // The new product's images open at once: upload a photo.
    await row.locator('[data-test=image-file]').setInputFiles({ name: '核桃.png', mimeType: 'image/png', buffer: walnutsPng(800, 600) })
    await row.locator('[data-test=product-image]').first().waitFor({ timeout: 15000 })
    // The thumbnail is served under /media/ and shows.
    await page.waitForFunction(() => document.querySelector('[data-test=product-image] img')?.naturalWidth > 0, null, { timeout: 10000 })
    await page.screenshot({ path: `${ARTIFACTS}/products-seller-listed.png`, fullPage: true })
    productId = (await row.locator('a.title').getAttribute('href')).split('/').pop()
    // Anyone else sees nothing yet.
    assert.equal((await api(`/api/v1/products/${productId}`)).status, 404)
    await page.context().close()
  })

  await step('the county official certifies the walnuts from the review console', async () => {
    assert.ok(productId, 'listed')
    const page = await signIn('official.lushi@demo.bangfu.cn', undefined, '/review?tab=products')
    const queue = page.locator('[data-test=certify-queue]')
    const row = queue.locator('[data-test=certify-row]', { hasText: TITLE })
    await row.waitFor({ timeout: 10000 })
    await row.getByText('¥36 / 公斤').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/products-certify-queue.png`, fullPage: true })
    await row.locator('[data-test=certify-approve]').click()
    await dialog(page, '立即上架销售', '认定通过')
    await row.waitFor({ state: 'detached', timeout: 10000 })
    await page.context().close()
    const p = await api(`/api/v1/products/${productId}`)
    assert.equal(p.status, 200)
    assert.equal(p.body.status, 'listed')
    // It reaches the search index through the outbox.
    for (let i = 0; i < 150; i++) {
      const r = await api(`/api/v1/products/search?q=${encodeURIComponent('核桃')}`)
      if (r.body?.hits?.some((h) => h.id === productId)) break
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  await step('a donor finds the walnuts on a phone and orders 3 公斤', async () => {
    assert.ok(productId, 'certified')
    const before = await api('/api/v1/stats/sales?region=411224')
    assert.equal(before.status, 200, JSON.stringify(before.body))
    salesBefore = before.body.totals
    const page = await signIn('donor@demo.bangfu.cn', PHONE, '/me/orders')
    await page.goto(`${base}/products`)
    await page.getByRole('textbox', { name: '搜索农产品，例如：核桃、香菇、蜂蜜' }).fill('核桃')
    await page.waitForFunction(() => location.search.includes('q='))
    const card = page.locator('[data-test=product-card]', { hasText: TITLE })
    await card.waitFor({ timeout: 10000 })
    await card.getByText('¥36 / 公斤').waitFor()
    await page.locator('[data-test=category-facet]').getByText('干果坚果').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/products-catalogue-phone.png`, fullPage: true })
    await card.locator('a.title').click()
    await page.getByRole('heading', { name: TITLE }).waitFor()
    assert.equal(await page.title(), `${TITLE} · 帮扶`)
    await page.locator('[data-test=certified]').waitFor()
    await page.locator('[data-test=gallery-main]').waitFor()
    await page.waitForFunction(() => document.querySelector('[data-test=gallery-main]')?.naturalWidth > 0)
    await page.locator('[data-test=helped]').getByText('带动 1 户').waitFor()
    // Nothing filled in: each field says so beside it, in Chinese.
    await page.locator('[data-test=order-submit]').click()
    await page.locator('[data-test=order-form] .el-form-item__error').first().waitFor()
    assert.ok((await page.locator('[data-test=order-form] .el-form-item__error').count()) >= 3)
    await page.locator('#order-quantity').fill('3')
    await page.locator('#order-quantity').blur()
    await page.locator('#order-name').fill('李爱心')
    await page.locator('#order-phone').fill('138')
    await page.locator('#order-address').fill('北京市海淀区中关村大街 1 号')
    await page.locator('[data-test=order-submit]').click()
    await page.getByText('请填写正确的手机号').waitFor()
    await page.locator('#order-phone').fill('13800138000')
    await page.locator('[data-test=order-total]').getByText('¥108').waitFor()
    // No horizontal scrolling at 375 px.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'fits 375 px')
    await page.screenshot({ path: `${ARTIFACTS}/products-order-phone.png`, fullPage: true })
    await page.locator('[data-test=order-submit]').click()
    await page.locator('[data-test=order-placed]').waitFor({ timeout: 10000 })
    await page.locator('[data-test=stock]').getByText('47 公斤').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/products-ordered-phone.png`, fullPage: true })
    await page.context().close()
  })

  await step('the household records the payment and ships with a tracking number', async () => {
    const page = await signIn('household@demo.bangfu.cn', undefined, '/seller?tab=sales')
    const order = page.locator('[data-test=order-card]', { hasText: TITLE })
    await order.waitFor({ timeout: 10000 })
    await order.getByText('李爱心').waitFor()
    await order.getByText('待付款').waitFor()
    await order.locator('[data-test=order-paid]').click()
    await dialog(page, '¥108', '登记已收款')
    await page.locator('[data-test=order-card][data-status=paid]', { hasText: TITLE }).waitFor({ timeout: 10000 })
    await order.locator('[data-test=order-ship]').click()
    await dialog(page, '快递单号', '发货', 'SF1234567890')
    await page.locator('[data-test=order-card][data-status=shipped]', { hasText: TITLE }).waitFor({ timeout: 10000 })
    await order.getByText('SF1234567890').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/products-seller-shipped.png`, fullPage: true })
    await page.context().close()
  })

  await step('the donor confirms receipt on the phone with four stars', async () => {
    const page = await signIn('donor@demo.bangfu.cn', PHONE, '/me/orders')
    const order = page.locator('[data-test=order-card]', { hasText: TITLE })
    await order.waitFor({ timeout: 10000 })
    await order.getByText('已发货').waitFor()
    await order.getByText('SF1234567890').waitFor()
    await order.locator('[data-test=order-receive]').click()
    await order.locator('[data-test=receive-rating] .el-rate__item').nth(3).click()
    await order.locator('#receive-review').fill('核桃很新鲜，皮薄好剥，谢谢！')
    await page.screenshot({ path: `${ARTIFACTS}/products-receive-phone.png`, fullPage: true })
    await order.locator('[data-test=receive-submit]').click()
    await page.locator('[data-test=order-card][data-status=received]', { hasText: TITLE }).waitFor({ timeout: 10000 })
    await order.locator('[data-test=order-rating]').getByText('★★★★☆').waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/products-received-phone.png`, fullPage: true })
    await page.context().close()
  })

  await step('the figures show the sale, on the public figures page and the official’s dashboard', async () => {
    assert.ok(salesBefore, 'ordered')
    // The figures may be a little behind (cached): wait for the sale to count.
    let after = null
    for (let i = 0; i < 100; i++) {
      after = (await api('/api/v1/stats/sales?region=411224')).body
      if (after?.totals?.amount_fen >= salesBefore.amount_fen + 10800) break
      await new Promise((r) => setTimeout(r, 1000))
    }
    assert.ok(after.totals.amount_fen >= salesBefore.amount_fen + 10800, JSON.stringify({ salesBefore, after: after.totals }))
    assert.ok(after.totals.orders >= salesBefore.orders + 1)
    const nuts = after.rows.find((r) => r.category === 'nuts')
    assert.ok(nuts && nuts.amount_fen >= 10800, JSON.stringify(after.rows))
    const anonymous = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    setLastPage(anonymous)
    await anonymous.goto(`${base}/figures`)
    const figures = anonymous.locator('[data-test=sales-figures]')
    await figures.locator('[data-test=sales-row]', { hasText: '干果坚果' }).waitFor({ timeout: 10000 })
    const amount = await figures.locator('[data-test=sales-amount]').innerText()
    assert.equal(Number(amount.replace(/[¥,]/g, '')), after.totals.amount_fen / 100, amount)
    await figures.scrollIntoViewIfNeeded()
    await anonymous.screenshot({ path: `${ARTIFACTS}/products-figures-desktop.png`, fullPage: true })
    await anonymous.context().close()
    const official = await signIn('official.lushi@demo.bangfu.cn', undefined, '/official')
    await official.locator('[data-test=sales-figures] [data-test=sales-row]', { hasText: '干果坚果' }).waitFor({ timeout: 10000 })
    await official.screenshot({ path: `${ARTIFACTS}/products-official-dashboard.png`, fullPage: true })
    await official.context().close()
    // The home page shows the walnuts beside the urgent needs.
    const home = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    setLastPage(home)
    await home.goto(base + '/')
    await home.locator('[data-test=home-products] [data-test=product-card]').first().waitFor({ timeout: 10000 })
    await home.screenshot({ path: `${ARTIFACTS}/products-home-desktop.png`, fullPage: true })
    await home.context().close()
    // The buyer's delivery details never reach anyone else.
    const donor = await token('donor@demo.bangfu.cn')
    const mine = await api('/api/v1/me/orders', { headers: { authorization: `Bearer ${donor}` } })
    const o = mine.body.items.find((x) => x.product_id === productId)
    assert.equal(o.status, 'received')
    assert.equal(o.rating, 4)
    const countyToken = await token('official.lushi@demo.bangfu.cn')
    const seen = await api(`/api/v1/orders/${o.id}`, { headers: { authorization: `Bearer ${countyToken}` } })
    assert.ok(seen.status === 404 || !seen.body.delivery, JSON.stringify(seen.body))
  })
}
