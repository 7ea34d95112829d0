import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuth } from './auth'

function reply(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status })
}

describe('auth store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('signs in, keeps the session, loads the account, and signs out', async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(reply(200, { access_token: 'a1', refresh_token: 'r1' }))
      .mockResolvedValueOnce(reply(200, { id: 'u', role: 'donor', display_name: '陈女士', email_verified: true }))
      .mockResolvedValueOnce(new Response(null, { status: 204 }))
    vi.stubGlobal('fetch', fetch)
    const auth = useAuth()
    await auth.login('chen@example.cn', 'pw')
    expect(auth.signedIn).toBe(true)
    expect(auth.role).toBe('donor')
    expect(JSON.parse(localStorage.getItem('bangfu.session')!)).toEqual({ access: 'a1', refresh: 'r1' })
    expect(fetch.mock.calls[1][1].headers.Authorization).toBe('Bearer a1')
    await auth.logout()
    expect(auth.signedIn).toBe(false)
    expect(localStorage.getItem('bangfu.session')).toBeNull()
    vi.unstubAllGlobals()
  })

  it('rotates tokens on a 401 and ends the session when the refresh fails', async () => {
    localStorage.setItem('bangfu.session', JSON.stringify({ access: 'old', refresh: 'r0' }))
    const fetch = vi.fn()
      .mockResolvedValueOnce(reply(401, { code: 'token_expired' }))
      .mockResolvedValueOnce(reply(200, { access_token: 'new', refresh_token: 'r1' }))
      .mockResolvedValueOnce(reply(200, { id: 'u', role: 'household' }))
      .mockResolvedValueOnce(reply(401, { code: 'token_expired' }))
      .mockResolvedValueOnce(reply(401, { code: 'refresh_token_reused' }))
    vi.stubGlobal('fetch', fetch)
    setActivePinia(createPinia())
    const auth = useAuth()
    await auth.loadMe()
    expect(auth.role).toBe('household')
    expect(JSON.parse(localStorage.getItem('bangfu.session')!).refresh).toBe('r1')
    await auth.loadMe()
    expect(auth.signedIn).toBe(false)
    vi.unstubAllGlobals()
  })
})
