import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import { reactive } from 'vue'
import { decide, installGuards, safeRedirect, setPageTitle, type SessionSource } from './guards'
import { router as appRouter } from './router'
import zh from './locales/zh'
import en from './locales/en'

const Blank = { render: () => null }

function fakeAuth(init: { signedIn?: boolean; role?: string | null } = {}) {
  const listeners: (() => void)[] = []
  const auth = reactive({
    signedIn: init.signedIn ?? false,
    role: init.role ?? null,
    me: init.role ? { role: init.role } : null,
    restore: vi.fn(async () => {}),
    loadMe: vi.fn(async () => {}),
    onSessionLost: (f: () => void) => listeners.push(f),
  }) as SessionSource & { signedIn: boolean; role: string | null; me: unknown }
  return { auth, lose: () => listeners.forEach((f) => f()) }
}

function testRouter(auth: SessionSource) {
  const routes: RouteRecordRaw[] = [
    { path: '/', name: 'home', component: Blank, meta: { title: 'titles.home' } },
    { path: '/needs/:id', name: 'need', component: Blank, meta: { title: 'titles.need' } },
    { path: '/review', name: 'review', component: Blank, meta: { title: 'review.title', roles: ['official'] } },
    { path: '/me/pledges', name: 'my-pledges', component: Blank, meta: { title: 'pledges.title', roles: ['donor', 'enterprise', 'social_org'] } },
    { path: '/login', name: 'login', component: Blank, meta: { title: 'login.title' } },
    { path: '/forbidden', name: 'forbidden', component: Blank, meta: { title: 'forbidden.title' } },
  ]
  const router = createRouter({ history: createMemoryHistory(), routes })
  installGuards(router, auth)
  return router
}

describe('route rules', () => {
  const guarded = { meta: { roles: ['official'] as const }, fullPath: '/review?tab=pledges' }

  it('let anyone open a public page', () => {
    expect(decide({ meta: {}, fullPath: '/search' }, { signedIn: false, role: null })).toBe(true)
  })

  it('send a signed-out visitor to sign in, remembering the page', () => {
    expect(decide(guarded, { signedIn: false, role: null })).toEqual({ name: 'login', query: { redirect: '/review?tab=pledges' } })
  })

  it('send the wrong role to the "not for your role" page, and let the right one in', () => {
    expect(decide(guarded, { signedIn: true, role: 'donor' })).toEqual({ name: 'forbidden', query: { from: '/review?tab=pledges' } })
    expect(decide(guarded, { signedIn: true, role: null })).toMatchObject({ name: 'forbidden' })
    expect(decide(guarded, { signedIn: true, role: 'official' })).toBe(true)
  })

  it('return only to pages of this app after sign-in', () => {
    expect(safeRedirect('/needs/abc?x=1')).toBe('/needs/abc?x=1')
    expect(safeRedirect(['/me/needs'])).toBe('/me/needs')
    for (const bad of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '', undefined, null, 3, '/login', '/login?redirect=/x']) {
      expect(safeRedirect(bad), String(bad)).toBe('/')
    }
  })

  it('guard every page for signed-in people by role, and title every page in both languages', () => {
    const roles = Object.fromEntries(appRouter.getRoutes().map((r) => [r.path, r.meta.roles]))
    expect(roles['/review']).toEqual(['official'])
    expect(roles['/official']).toEqual(['official'])
    expect(roles['/admin']).toEqual(['admin', 'official'])
    expect(roles['/me/needs']).toEqual(['household'])
    for (const p of ['/me/pledges', '/me/offers', '/me/report']) expect(roles[p]).toEqual(['donor', 'enterprise', 'social_org'])
    expect(roles['/seller']).toEqual(['household', 'enterprise', 'social_org'])
    expect(roles['/me/orders']).toEqual(['donor', 'enterprise', 'social_org', 'household'])
    for (const p of ['/', '/search', '/offers', '/products', '/products/:id', '/figures', '/needs/:id', '/audit', '/login', '/register']) expect(roles[p], p).toBeUndefined()
    const get = (m: object, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], m)
    for (const r of appRouter.getRoutes()) {
      expect(r.meta.title, r.path).toBeTruthy()
      for (const m of [zh, en]) expect(typeof get(m, r.meta.title ?? ''), `${r.path} ${r.meta.title}`).toBe('string')
    }
  })
})

describe('guards on a router', () => {
  it('send a signed-out visitor to sign in and back afterwards', async () => {
    const { auth } = fakeAuth()
    const router = testRouter(auth)
    await router.push('/review?tab=pledges')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/review?tab=pledges')
    expect(auth.restore).toHaveBeenCalled()
    // Signing in as an official, then following the redirect, reaches the page.
    Object.assign(auth, { signedIn: true, role: 'official', me: { role: 'official' } })
    await router.replace(safeRedirect(router.currentRoute.value.query.redirect))
    expect(router.currentRoute.value.fullPath).toBe('/review?tab=pledges')
  })

  it('wait for the session a page load restores before deciding', async () => {
    const { auth } = fakeAuth()
    auth.restore = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 5))
      Object.assign(auth, { signedIn: true, role: 'donor', me: { role: 'donor' } })
    })
    const router = testRouter(auth)
    await router.push('/me/pledges')
    expect(router.currentRoute.value.fullPath).toBe('/me/pledges')
  })

  it('load the account of a restored session before checking its role', async () => {
    const { auth } = fakeAuth({ signedIn: true })
    auth.loadMe = vi.fn(async () => {
      Object.assign(auth, { role: 'official', me: { role: 'official' } })
    })
    const router = testRouter(auth)
    await router.push('/review')
    expect(auth.loadMe).toHaveBeenCalled()
    expect(router.currentRoute.value.name).toBe('review')
  })

  it('show the wrong role the "not for your role" page', async () => {
    const { auth } = fakeAuth({ signedIn: true, role: 'household' })
    const router = testRouter(auth)
    await router.push('/review')
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.query.from).toBe('/review')
  })

  it('send an expired session on a guarded page to sign in, and leave public pages alone', async () => {
    const { auth, lose } = fakeAuth({ signedIn: true, role: 'official' })
    const router = testRouter(auth)
    await router.push('/review')
    Object.assign(auth, { signedIn: false, role: null, me: null })
    lose()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(router.currentRoute.value.query).toEqual({ redirect: '/review', expired: '1' })
    await router.push('/')
    lose()
    await new Promise((r) => setTimeout(r, 5))
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('title each page, and a need by its own title', async () => {
    const { auth } = fakeAuth()
    const router = testRouter(auth)
    await router.push('/login')
    expect(document.title).toBe('登录 · 帮扶')
    await router.push('/needs/n1')
    expect(document.title).toBe('需求详情 · 帮扶')
    setPageTitle('需要一台电动轮椅')
    expect(document.title).toBe('需要一台电动轮椅 · 帮扶')
    await router.push('/')
    expect(document.title).toBe('首页 · 帮扶')
  })
})
