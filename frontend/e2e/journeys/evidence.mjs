// 证明材料 (issue 17, "Evidence"): the household attaches a diagnosis photo to its need, an official
// of the region sees it, an anonymous visitor and a donor do not. The PNG is made here.
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

/** A w×h RGB PNG: a pale page with dark "lines of text", like a photographed certificate. */
function certificatePng(w, h) {
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0
    for (let x = 0; x < w; x++) {
      const line = y > 40 && y % 24 < 6 && x > 30 && x < w - 30 - ((y * 7) % 90)
      const stamp = (x - w + 90) ** 2 + (y - h + 80) ** 2 < 45 ** 2
      const [r, g, b] = stamp ? [200, 40, 40] : line ? [60, 60, 70] : [246, 244, 236]
      raw.set([r, g, b], y * (w * 3 + 1) + 1 + x * 3)
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
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

export default async function ({ browser, base, api, step, signIn, token, ARTIFACTS, setLastPage }) {
  await step('the household attaches a diagnosis; an official of the region sees it, the public does not', async () => {
    const hh = await token('household@demo.bangfu.cn')
    const official = await token('official.lushi@demo.bangfu.cn')
    const deadline = new Date(Date.now() + 30 * 86400e3).toISOString()
    const posted = await api('/api/v1/needs', {
      method: 'POST',
      headers: { authorization: `Bearer ${hh}` },
      body: JSON.stringify({ title: '需要一副助听器', description: '母亲听力下降，医院建议配助听器', category: 'medical', quantity: 1, unit: '副',
        estimated_value_fen: 300000, urgency: 'normal', deadline, region_code: '411224101200' }),
    })
    assert.equal(posted.status, 201, JSON.stringify(posted.body))
    const need = posted.body.id
    const reviewed = await api(`/api/v1/needs/${need}/review`, {
      method: 'POST', headers: { authorization: `Bearer ${official}` }, body: JSON.stringify({ decision: 'approve' }),
    })
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body))

    // The household uploads on its phone.
    const household = await signIn('household@demo.bangfu.cn', { width: 375, height: 812 }, '/')
    await household.goto(`${base}/needs/${need}`)
    const section = household.locator('[data-test=evidence]')
    await section.getByRole('heading', { name: /证明材料/ }).waitFor()
    await section.locator('[data-test=evidence-empty]').waitFor()
    await section.locator('#evidence-label').fill('诊断证明')
    await section.locator('[data-test=evidence-file]').setInputFiles({ name: '诊断证明.png', mimeType: 'image/png', buffer: certificatePng(640, 480) })
    await section.locator('[data-test=evidence-upload]').click()
    await section.locator('[data-test=evidence-thumb]').first().waitFor({ timeout: 15000 })
    assert.equal(await section.locator('[data-test=evidence-item]').count(), 1)
    await household.screenshot({ path: `${ARTIFACTS}/evidence-household-phone.png`, fullPage: true })
    // A file that is not an image is refused with a message in Chinese.
    await section.locator('#evidence-label').fill('说明')
    await section.locator('[data-test=evidence-file]').setInputFiles({ name: 'note.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片') })
    await section.locator('[data-test=evidence-upload]').click()
    await section.locator('[data-test=evidence-error]', { hasText: '只能上传 JPEG、PNG 或 WebP 格式的图片' }).waitFor()
    await household.context().close()

    // The county official opens it at display size.
    const county = await signIn('official.lushi@demo.bangfu.cn', undefined, '/')
    await county.goto(`${base}/needs/${need}`)
    const seen = county.locator('[data-test=evidence-item]', { hasText: '诊断证明' })
    await seen.locator('[data-test=evidence-thumb]').waitFor({ timeout: 15000 })
    await seen.locator('button.thumb').click()
    const viewer = county.locator('[data-test=evidence-viewer] img')
    await viewer.waitFor()
    await county.waitForFunction(() => document.querySelector('[data-test=evidence-viewer] img')?.naturalWidth > 0)
    assert.equal(await viewer.evaluate((img) => img.naturalWidth), 640)
    await county.screenshot({ path: `${ARTIFACTS}/evidence-official-desktop.png` })
    await county.context().close()

    // An anonymous visitor sees the published need, but no evidence; the API agrees (401 / 404).
    const anonymous = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    setLastPage(anonymous)
    await anonymous.goto(`${base}/needs/${need}`)
    await anonymous.getByRole('heading', { name: '需要一副助听器' }).waitFor()
    await anonymous.waitForLoadState('networkidle')
    assert.equal(await anonymous.locator('[data-test=evidence]').count(), 0)
    assert.equal(await anonymous.getByText('证明材料').count(), 0)
    await anonymous.screenshot({ path: `${ARTIFACTS}/evidence-anonymous-desktop.png`, fullPage: true })
    await anonymous.context().close()
    assert.equal((await api(`/api/v1/needs/${need}/evidence`)).status, 401)
    const donor = await token('donor@demo.bangfu.cn')
    assert.equal((await api(`/api/v1/needs/${need}/evidence`, { headers: { authorization: `Bearer ${donor}` } })).status, 404)
  })
}
