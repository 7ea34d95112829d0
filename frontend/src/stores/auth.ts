// The signed-in account. The access token lives in memory only; the refresh token is an HttpOnly
// cookie (`bangfu_refresh`, SameSite=Strict, Path=/api/v1/auth) that the server sets on sign-in and
// on each refresh, so no script of the page can read it (issue 14, item 10). A page load restores
// the session with one `POST /auth/refresh {}`; a 401 later refreshes once; a failed refresh ends
// the session and tells the router (an expired session on a guarded page goes to sign in).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { createClient, type Schemas } from '../api/client'

/** Where older versions of the app kept both tokens; removed on load so no token stays behind. */
const LEGACY_KEY = 'bangfu.session'
/**
 * "This browser signed in": no secret, only whether a page load should try the refresh cookie, so
 * anonymous visitors (most of them) neither wait for nor log a 401 from a refresh they cannot have.
 */
const HINT_KEY = 'bangfu.signed-in'

function storage(f: (s: Storage) => void) {
  try {
    f(localStorage)
  } catch {
    // Storage may be off (private modes); the hint is only an optimization.
  }
}
function hinted(): boolean {
  let v = false
  storage((s) => (v = s.getItem(HINT_KEY) === '1'))
  return v
}
function hint(on: boolean) {
  storage((s) => (on ? s.setItem(HINT_KEY, '1') : s.removeItem(HINT_KEY)))
}

/** POST to an auth endpoint that reads the refresh cookie; the body is `{}` by contract. */
async function cookiePost(path: '/api/v1/auth/refresh' | '/api/v1/auth/logout'): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: '{}',
    credentials: 'same-origin',
  })
}

/**
 * Runs `fn` while holding a lock shared by the app's tabs: refresh tokens rotate and a reused one
 * revokes the whole sign-in, so two tabs must not present the same cookie at once. The second tab
 * waits and then sends the cookie the first one received.
 */
async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  return locks ? locks.request('bangfu-refresh', fn) : fn()
}

export const useAuth = defineStore('auth', () => {
  const access = ref<string | null>(null)
  const me = ref<Schemas['AccountView'] | null>(null)
  const signedIn = computed(() => access.value !== null)
  const role = computed(() => me.value?.role ?? null)
  /** Called when a session ends without the user signing out (the refresh was refused). */
  const lostListeners: (() => void)[] = []

  function end() {
    access.value = null
    me.value = null
    hint(false)
  }

  let inflight: Promise<boolean> | null = null
  /** A new access token from the refresh cookie; one request at a time however many 401s wait. */
  function refresh(): Promise<boolean> {
    inflight ??= exclusive(async () => {
      try {
        const res = await cookiePost('/api/v1/auth/refresh')
        if (!res.ok) return false
        const pair = (await res.json()) as Partial<Schemas['TokenPair']>
        if (typeof pair.access_token !== 'string') return false
        access.value = pair.access_token
        hint(true)
        return true
      } catch {
        return false
      }
    }).finally(() => {
      inflight = null
    })
    return inflight
  }

  /** The refresh after a 401: on failure a live session has expired. */
  async function renew(): Promise<boolean> {
    const wasSignedIn = signedIn.value
    if (await refresh()) return true
    end()
    if (wasSignedIn) for (const f of lostListeners) f()
    return false
  }

  const api = createClient({ token: () => access.value, refresh: renew })

  let restoring: Promise<void> | null = null
  /**
   * Restores the session of a page load from the refresh cookie, once, when this browser signed
   * in before; a 401 (no cookie, or an expired one) just means signed out. Guards await it.
   */
  function restore(): Promise<void> {
    restoring ??= (async () => {
      storage((s) => s.removeItem(LEGACY_KEY))
      if (signedIn.value || !hinted()) return
      if (await refresh()) await loadMe()
      else hint(false)
    })()
    return restoring
  }

  async function login(email: string, password: string) {
    // The body's refresh_token is for API clients; the browser keeps the cookie instead.
    const t = await api.post('/api/v1/auth/login', { body: { email, password }, anonymous: true })
    access.value = t.access_token
    hint(true)
    await loadMe()
  }

  async function loadMe() {
    if (!access.value) return
    try {
      me.value = await api.get('/api/v1/me')
    } catch {
      me.value = null
    }
  }

  async function logout() {
    end()
    try {
      await cookiePost('/api/v1/auth/logout')
    } catch {
      // Signed out locally either way.
    }
  }

  function onSessionLost(f: () => void) {
    lostListeners.push(f)
  }

  return { access, me, signedIn, role, api, login, logout, loadMe, refresh, restore, onSessionLost }
})
