// A search that finds nothing says so and offers what would find something; choosing it runs it.
import assert from 'node:assert/strict'

export default async function (ctx) {
  const { browser, base, step, ARTIFACTS } = ctx
  await step('a search with a word too many offers the query without it, and choosing it finds the need', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    ctx.setLastPage(page)
    await page.goto(base + '/search')
    await page.getByRole('textbox', { name: '输入关键词，边输入边搜索' }).fill('篮球 轮椅')
    const box = page.locator('[data-test=search-suggestions]')
    await box.waitFor()
    const text = await box.innerText()
    assert.match(text, /没有找到 “篮球 轮椅” 的结果。\s*试试：/, text)
    const suggestion = page.locator('[data-test=search-suggestion]', { hasText: /^轮椅$/ })
    await page.screenshot({ path: `${ARTIFACTS}/search-suggestion.png`, fullPage: true })
    await suggestion.click()
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === '轮椅')
    assert.equal(await page.getByRole('textbox', { name: '输入关键词，边输入边搜索' }).inputValue(), '轮椅')
    // The wheelchair needs are found (the journey's own one may be fully pledged and hidden by now).
    await page.locator('[data-test=need-card]', { hasText: '轮椅' }).first().waitFor()
    assert.equal(await box.count(), 0)
    await page.close()
  })
  await step('the offers page suggests too', async () => {
    const page = await (await browser.newContext({ viewport: { width: 375, height: 812 } })).newPage()
    ctx.setLastPage(page)
    await page.goto(base + '/offers')
    await page.locator('main').waitFor()
    // Whatever offers the demo has: a word no offer uses, then one that some offer uses, if any.
    const r = await ctx.api('/api/v1/offers/search?per_page=1')
    const first = r.body?.hits?.[0]
    if (!first) return
    const word = (await ctx.api(`/api/v1/offers/search?q=${encodeURIComponent('篮球 ' + first.title)}`)).body
    if (word.total !== 0 || word.suggestions.length === 0) return
    await page.getByRole('textbox', { name: '输入关键词，边输入边搜索' }).fill('篮球 ' + first.title)
    await page.locator('[data-test=search-suggestions]').waitFor()
    await page.locator('[data-test=search-suggestion]').first().click()
    await page.locator('[data-test=offer-hit]').first().waitFor()
    await page.close()
  })
}
