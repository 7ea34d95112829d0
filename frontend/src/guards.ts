// Who may open which page, where a refused visitor goes, and each page's title. Kept apart from
// router.ts (which imports every page) so the rules are unit-tested on their own.
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import type { Role } from './enums'
import { i18n } from './i18n'

declare module 'vue-router' {
  interface RouteMeta {
    /** Only these roles may open the page; a signed-out visitor is sent to sign in. */
    roles?: readonly Role[]
    /** The page title's message key. */
    title?: string
  }
}

export interface Viewer {
  signedIn: boolean
  role: string | null
}

/** The login page's `redirect`, only when it is a path of this app (never another site). */
export function safeRedirect(raw: unknown): string {
  const s = Array.isArray(raw) ? raw[0] : raw
  if (typeof s !== 'string' || !s.startsWith('/') || s.startsWith('//') || s.startsWith('/\\')) return '/'
  if (s === '/login' || s.startsWith('/login?') || s.startsWith('/login#')) return '/'
  return s
}

/** The route to go to instead of `to`, or true to let the visitor in. */
export function decide(to: Pick<RouteLocationNormalized, 'meta' | 'fullPath'>, viewer: Viewer): true | RouteLocationRaw {
  const roles = to.meta.roles
  if (!roles) return true
  if (!viewer.signedIn) return { name: 'login', query: { redirect: to.fullPath } }
  if (!(roles as readonly string[]).includes(viewer.role ?? '')) return { name: 'forbidden', query: { from: to.fullPath } }
  return true
}

/** A page's own title (a need's title, say) when it has one; else its route's. */
let page: { key?: string; text?: string } = {}

export function renderTitle() {
  const t = i18n.global.t
  const name = t('app.name')
  const own = page.text ?? (page.key ? t(page.key) : '')
  document.title = own && own !== name ? `${own} · ${name}` : name
}

/** Sets the title from a page's data; the next navigation replaces it. */
export function setPageTitle(text: string) {
  page = { text }
  renderTitle()
}

export interface SessionSource extends Viewer {
  restore(): Promise<void>
  loadMe(): Promise<void>
  me: unknown
  onSessionLost(f: () => void): void
}

/** Guards every navigation and titles every page; an expired session on a guarded page goes to sign in. */
export function installGuards(router: Router, auth: SessionSource) {
  router.beforeEach(async (to) => {
    // The first navigation waits for the session a page load restores from the refresh cookie.
    await auth.restore()
    if (to.meta.roles && auth.signedIn && !auth.me) await auth.loadMe()
    return decide(to, auth)
  })
  router.afterEach((to) => {
    page = { key: to.meta.title }
    renderTitle()
  })
  auth.onSessionLost(() => {
    const here = router.currentRoute.value
    if (here.meta.roles) router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } })
  })
}
