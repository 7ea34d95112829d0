// Core steps: phone width, labels and the keyboard; route guards and page titles; a reload keeping the
// session; the language switch.
import assert from 'node:assert/strict'
import { atLogin } from '../helpers.mjs'

export default async (ctx) => {
  const { browser, base, step, signIn, target, PASSWORD, setLastPage } = ctx

  await step('phone width, labels and the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } })
    for (const path of ['/', '/search', `/needs/${target.id}`, '/offers', '/products', '/figures', '/audit', '/login', '/register']) {
      await page.goto(base + path)
      await page.waitForLoadState('networkidle')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px at 375px`)
      const unnamed = await page.evaluate(() => {
        const name = (el) =>
          el.getAttribute('aria-label') || (el.labels && el.labels[0]?.innerText) || el.getAttribute('title') || el.innerText?.trim() ||
          (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))?.innerText)
        const visible = [...document.querySelectorAll('input:not([type=hidden]), textarea, select, button, a[href]')]
          .filter((el) => el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
        return { checked: visible.length, unnamed: visible.filter((el) => !name(el)).map((el) => el.outerHTML.slice(0, 120)) }
      })
      assert.ok(unnamed.checked >= 3, `${path}: only ${unnamed.checked} controls found`)
      assert.deepEqual(unnamed.unnamed, [], `${path}: controls without a label`)
    }
    // Keyboard only: tab to the search box, type, Enter.
    await page.goto(base + '/')
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab')
      if (await page.evaluate(() => document.activeElement?.getAttribute('aria-label')?.includes('搜索需求'))) break
    }
    await page.keyboard.type('轮椅')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/search\?q=/)
    await page.locator('[data-test=need-card]').first().waitFor()
    await page.close()
  })

  await step('guards: signed out one is asked to sign in, a wrong role sees "not for your role", signing out leaves a guarded page, each page has its title', async () => {
    // A household opens the officials' review queue: first asked to sign in, then told it is not for its role.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    setLastPage(page)
    await page.goto(base + '/review')
    await page.waitForURL(atLogin('/review'))
    await page.locator('[data-test=login-notice]').waitFor()
    assert.equal(await page.title(), '登录 · 帮扶')
    await page.locator('#login-email').fill('household@demo.bangfu.cn')
    await page.locator('#login-password').fill(PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=forbidden]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/forbidden')
    assert.equal(await page.title(), '无权访问 · 帮扶')
    await page.getByRole('link', { name: '我的需求' }).click()
    await page.waitForURL(base + '/me/needs')
    assert.equal(await page.title(), '我的需求 · 帮扶')
    await page.locator('[data-test=logout]').click()
    await page.waitForURL(base + '/')
    await page.context().close()
    const anonymous = await browser.newPage()
    for (const path of ['/official', '/admin', '/me/pledges', '/me/offers', '/me/report', '/me/needs']) {
      await anonymous.goto(base + path)
      await anonymous.waitForURL(atLogin(path))
    }
    await anonymous.close()
  })

  await step('a reload keeps the session (needs the server\'s HttpOnly refresh cookie, issue 14 item 10)', async () => {
    const page = await signIn('donor@demo.bangfu.cn', undefined, '/me/pledges')
    await page.reload()
    await page.locator('[data-test=pledge-row]').first().waitFor({ timeout: 10000 })
    assert.equal(new URL(page.url()).pathname, '/me/pledges')
    // No token is readable by a script of the page.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)
    assert.doesNotMatch(stored, /eyJ|refresh/i, stored)
    await page.context().close()
  })

  await step('the language switch changes the labels', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/')
    await page.getByRole('link', { name: '找需求' }).waitFor()
    await page.locator('[data-test=language]').click()
    await page.getByRole('link', { name: 'Find needs' }).waitFor()
    await page.getByRole('heading', { name: 'Most urgent needs' }).waitFor()
    // Every label of the header and the page's own text is English now (need titles and place
    // names are data and stay as written).
    const header = await page.locator('header').innerText()
    assert.doesNotMatch(header.replace('中文', ''), /[\u4e00-\u9fff]/, header)
    const staticText = await page.locator('.hero, h2, .figures').allInnerTexts()
    assert.doesNotMatch(staticText.join(' '), /[\u4e00-\u9fff]/, staticText.join(' '))
    assert.equal(await page.getByRole('link', { name: '找需求' }).count(), 0)
    await page.close()
  })
}
