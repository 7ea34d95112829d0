// Core steps: screenshots of every page at 375 and 1280 px, then a failed sign-in.

export default async (ctx) => {
  const { browser, base, step, signIn, target, ARTIFACTS } = ctx

  await step('screenshots of every page at 375 and 1280 px', async () => {
    const shoot = async (page, name) => {
      await page.waitForLoadState('networkidle')
      await page.waitForTimeout(400)
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.screenshot({ path: `${ARTIFACTS}/page-${name}-1280.png`, fullPage: true })
      await page.setViewportSize({ width: 375, height: 812 })
      await page.waitForTimeout(300)
      await page.screenshot({ path: `${ARTIFACTS}/page-${name}-375.png`, fullPage: true })
    }
    const anonymous = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    for (const [name, path] of [['home', '/'], ['search', '/search'], ['offers', '/offers'], ['figures', '/figures'], ['need', `/needs/${target.id}`],
      ['audit', '/audit'], ['login', '/login'], ['register', '/register'], ['not-found', '/no-such-page']]) {
      await anonymous.goto(base + path)
      await shoot(anonymous, name)
    }
    await anonymous.context().close()
    for (const [email, pages] of [
      ['donor@demo.bangfu.cn', [['my-pledges', '/me/pledges'], ['my-offers', '/me/offers'], ['report', '/me/report'], ['forbidden', '/review']]],
      ['household@demo.bangfu.cn', [['my-needs', '/me/needs']]],
      ['official.lushi@demo.bangfu.cn', [['official', '/official'], ['review', '/review'], ['admin', '/admin']]],
    ]) {
      const page = await signIn(email, undefined, pages[0][1])
      for (const [name, path] of pages) {
        // Moving inside the app keeps the session (the token lives in memory).
        await page.evaluate((p) => { history.pushState({}, '', p); dispatchEvent(new PopStateEvent('popstate')) }, path)
        await page.waitForTimeout(300)
        await shoot(page, name)
      }
      await page.context().close()
    }
  })

  await step('a failed sign-in says why, in the page', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/login')
    await page.locator('#login-email').fill('donor@demo.bangfu.cn')
    await page.locator('#login-password').fill('wrong-password-123')
    await page.locator('[data-test=login-submit]').click()
    await page.getByText('邮箱或密码不正确').waitFor()
    // Empty fields are asked for before anything is sent.
    await page.locator('#login-email').fill('')
    await page.locator('#login-password').fill('')
    await page.locator('[data-test=login-submit]').click()
    await page.getByText('请填写邮箱').waitFor()
    await page.getByText('请填写密码').waitFor()
    await page.close()
  })
}
