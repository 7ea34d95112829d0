// The README's household account shows the demo as a household lives it: needs in several states
// (each with its status badge), the receipt code of an approved pledge, a delivery to confirm, the
// reason of a rejection, and 评价并致谢 on a pledge confirmed with the receipt code.
import assert from 'node:assert/strict'

export default async function (ctx) {
  const { step, signIn, ARTIFACTS } = ctx
  const STATES = [
    ['春耕化肥十袋', '认捐中'],
    ['护理床两张', '已认满'],
    ['过冬厚棉被两条', '已完成'],
    ['房顶漏雨维修', '未通过'],
    ['电动三轮车一辆', '已撤回'],
    ['家用净水器一台', '已过期'],
    ['老人助听器一副', '待审核'],
  ]
  for (const [label, width, height] of [['phone', 375, 812], ['desktop', 1280, 900]]) {
    await step(`the demo household sees its needs in every state at ${label} width`, async () => {
      const page = await signIn('household@demo.bangfu.cn', { width, height }, '/me/needs')
      ctx.setLastPage(page)
      for (const [title, badge] of STATES) {
        const row = page.locator('[data-test=my-need]', { hasText: title })
        await row.locator('[data-test=status-badge]', { hasText: badge }).waitFor()
      }
      const row = (title) => page.locator('[data-test=my-need]', { hasText: title })
      // Open: the approved pledge's receipt code. Fully pledged: a delivery to confirm.
      assert.match(await row('春耕化肥十袋').locator('[data-test=receipt-code]').first().innerText(), /\d{6}/)
      await row('护理床两张').locator('[data-test=confirm]').waitFor()
      // Fulfilled: one pledge rated by the household, one confirmed by code that waits for 评价并致谢.
      await row('过冬厚棉被两条').locator('[data-test=my-rating]').waitFor()
      await row('过冬厚棉被两条').locator('[data-test=rate]', { hasText: '评价并致谢' }).waitFor()
      // Rejected: the reason the household reads.
      await row('房顶漏雨维修').getByText('请补充危房鉴定材料后重新提交').waitFor()
      await page.screenshot({ path: `${ARTIFACTS}/household-demo-states-${label}.png`, fullPage: true })
      await page.context().close()
    })
  }
}
