import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuth } from './auth'

function reply(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status })
}
type Call = [string, RequestInit & { headers: Record<string, string> }]
const calls = (f: ReturnType<typeof vi.fn>) => f.mock.calls as unknown as Call[]

/** A fetch answering by "METHOD path" from queues of replies; unknown requests fail the test. */
function server(routes: Record<string, (() => Response)[]>) {
  return vi.fn(async (url: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${url}`
    const next = routes[key]?.shift()
    if (!next) throw new Error(`unexpected ${key}`)
    return next()
  })
}

const ME = { id: 'u', role: 'donor', display_name: '陈女士', email_verified: true }

describe('auth store', () => {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.unstubAllGlobals())

  it('signs in keeping only the access token, in memory, and signs out through the cookie', async () => {
    const fetch = server({
      'POST /api/v1/auth/login': [() => reply(200, { access_token: 'a1', refresh_token: 'r1', expires_in: 900 })],
      'GET /api/v1/me': [() => reply(200, ME)],
      'POST /api/v1/auth/logout': [() => reply(204)],
    })
    vi.stubGlobal('fetch', fetch)
    const auth = useAuth()
    await auth.login('chen@example.cn', 'pw')
    expect(auth.signedIn).toBe(true)
    expect(auth.role).toBe('donor')
    expect(calls(fetch)[1][1].headers.Authorization).toBe('Bearer a1')
    // Nothing a script could read later: no storage, and the body's refresh token is dropped.
    expect({ ...localStorage }).toEqual({ 'bangfu.signed-in': '1' })
    expect(sessionStorage.length).toBe(0)
    expect(JSON.stringify(auth.$state)).not.toContain('r1')
    await auth.logout()
    expect(auth.signedIn).toBe(false)
    expect(auth.me).toBeNull()
    expect(localStorage.length).toBe(0)
    const [url, init] = calls(fetch)[2]
    expect(url).toBe('/api/v1/auth/logout')
    expect(init.body).toBe('{}')
    expect(init.credentials).toBe('same-origin')
  })

  it('restores the session of a page load from the refresh cookie, once', async () => {
    localStorage.setItem('bangfu.signed-in', '1')
    localStorage.setItem('bangfu.session', JSON.stringify({ access: 'old', refresh: 'leaked' }))
    const fetch = server({
      'POST /api/v1/auth/refresh': [() => reply(200, { access_token: 'a2', refresh_token: 'ignored' })],
      'GET /api/v1/me': [() => reply(200, { ...ME, role: 'household' })],
    })
    vi.stubGlobal('fetch', fetch)
    const auth = useAuth()
    await Promise.all([auth.restore(), auth.restore()])
    await auth.restore()
    expect(auth.signedIn).toBe(true)
    expect(auth.role).toBe('household')
    expect(fetch).toHaveBeenCalledTimes(2)
    const [, init] = calls(fetch)[0]
    expect(init.method).toBe('POST')
    expect(init.body).toBe('{}')
    expect(init.credentials).toBe('same-origin')
    expect(init.headers.Authorization).toBeUndefined()
    expect(calls(fetch)[1][1].headers.Authorization).toBe('Bearer a2')
    // The token an older version left in localStorage is gone.
    expect(localStorage.getItem('bangfu.session')).toBeNull()
  })

  it('does not try the cookie in a browser that never signed in', async () => {
    localStorage.setItem('bangfu.session', JSON.stringify({ access: 'old', refresh: 'leaked' }))
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    const auth = useAuth()
    await auth.restore()
    expect(fetch).not.toHaveBeenCalled()
    expect(auth.signedIn).toBe(false)
    expect(localStorage.length).toBe(0)
  })

  it('takes a 401 on restore quietly as signed out', async () => {
    localStorage.setItem('bangfu.signed-in', '1')
    const fetch = server({ 'POST /api/v1/auth/refresh': [() => reply(401, { code: 'invalid_refresh_token' })] })
    vi.stubGlobal('fetch', fetch)
    const auth = useAuth()
    const lost = vi.fn()
    auth.onSessionLost(lost)
    await expect(auth.restore()).resolves.toBeUndefined()
    expect(auth.signedIn).toBe(false)
    expect(auth.me).toBeNull()
    expect(lost).not.toHaveBeenCalled()
    expect(localStorage.getItem('bangfu.signed-in')).toBeNull()
  })

  it('takes a network failure on restore quietly as signed out', async () => {
    localStorage.setItem('bangfu.signed-in', '1')
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('offline')))
    const auth = useAuth()
    await expect(auth.restore()).resolves.toBeUndefined()
    expect(auth.signedIn).toBe(false)
  })

  it('renews an expired access token through the cookie once, however many requests wait', async () => {
    localStorage.setItem('bangfu.signed-in', '1')
    const fetch = server({
      'POST /api/v1/auth/refresh': [() => reply(200, { access_token: 'a1' }), () => reply(200, { access_token: 'new' })],
      'GET /api/v1/me': [() => reply(200, ME), () => reply(401, { code: 'token_expired' }), () => reply(200, ME)],
      'GET /api/v1/me/pledges': [() => reply(401, { code: 'token_expired' }), () => reply(200, { items: [], total: 0 })],
    })
    vi.stubGlobal('fetch', fetch)
    const auth = useAuth()
    await auth.restore()
    await Promise.all([auth.loadMe(), auth.api.get('/api/v1/me/pledges')])
    const refreshes = calls(fetch).filter(([u]) => u === '/api/v1/auth/refresh')
    // Two refreshes with one cookie would look like a stolen token and end the sign-in.
    expect(refreshes).toHaveLength(2)
    expect(auth.access).toBe('new')
    expect(auth.role).toBe('donor')
    const retried = calls(fetch).filter(([u]) => u.startsWith('/api/v1/me')).slice(-2)
    for (const [, init] of retried) expect(init.headers.Authorization).toBe('Bearer new')
  })

  it('ends the session and says so when the refresh is refused (an expired session)', async () => {
    const fetch = server({
      'POST /api/v1/auth/login': [() => reply(200, { access_token: 'a1', refresh_token: 'r1' })],
      'GET /api/v1/me': [() => reply(200, ME), () => reply(401, { code: 'token_expired' })],
      'POST /api/v1/auth/refresh': [() => reply(401, { code: 'refresh_token_reused' })],
    })
    vi.stubGlobal('fetch', fetch)
    const auth = useAuth()
    const lost = vi.fn()
    auth.onSessionLost(lost)
    await auth.login('chen@example.cn', 'pw')
    await auth.loadMe()
    expect(auth.signedIn).toBe(false)
    expect(auth.me).toBeNull()
    expect(lost).toHaveBeenCalledTimes(1)
  })
})
