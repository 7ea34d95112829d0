// Helpers shared by the browser tests (e2e/core/*.mjs and run.mjs). Those that reach the server or the
// browser take them first, from the run's context: `{ browser, base, PASSWORD, setLastPage }`.

/** The first row matching `text` in the visible tab, paging forward until it shows. */
export async function findRow(page, selector, text) {
  for (let i = 0; i < 30; i++) {
    const row = page.locator(selector, { hasText: text }).first()
    if (await row.isVisible().catch(() => false)) return row
    await page.waitForTimeout(300)
    if (await row.isVisible().catch(() => false)) return row
    const next = page.locator('.el-tab-pane:visible .btn-next, .el-tab-pane[aria-hidden=false] .btn-next').first()
    if (!(await next.isVisible().catch(() => false)) || (await next.isDisabled())) break
    await next.click()
  }
  throw new Error(`no ${selector} with ${text}`)
}

/** The sign-in page that returns to `path` afterwards. */
export const atLogin = (path) => (url) => url.pathname === '/login' && url.searchParams.get('redirect') === path

/** Fills the sign-in form and waits until the app lands on `path`. */
export async function submitLogin({ base, PASSWORD }, page, email, path) {
  await page.locator('#login-email').fill(email)
  await page.locator('#login-password').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL(base + path, { timeout: 10000 }).catch(async () => {
    throw new Error(`${email} could not sign in and reach ${path}: ${page.url()} ${await page.locator('main').innerText()}`)
  })
}

/**
 * Chooses a region in a region picker by typing each level's name (province → … → village), the
 * way a person does; `scope` holds the picker.
 */
export async function pickRegion(page, scope, names) {
  for (const name of names) {
    await scope.locator('[data-test=region-select]').click()
    await page.keyboard.type(name)
    await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click()
    await scope.locator('.crumbs', { hasText: name }).waitFor()
  }
}

/** Clicks the confirming button of a confirmation dialog after checking what it says will happen. */
export async function confirmDialog(page, says, button) {
  const box = page.locator('.el-message-box:visible')
  await box.getByText(says).waitFor()
  await box.locator('.el-message-box__btns button', { hasText: button }).click()
}

/**
 * Opens `path` in a fresh browser context and signs in: a guarded page sends the visitor to sign
 * in and back, so the app then shows `path` without a reload (the access token lives in memory).
 */
export async function signIn({ browser, base, PASSWORD, setLastPage }, email, viewport = { width: 1280, height: 900 }, path = '/') {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  setLastPage(page)
  await page.goto(base + (path === '/' ? '/login' : path))
  if (path !== '/') await page.waitForURL(atLogin(path))
  await submitLogin({ base, PASSWORD }, page, email, path)
  return page
}
