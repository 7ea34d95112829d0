// The signed-in account: tokens kept in localStorage, refreshed once on a 401 (the refresh token
// rotates; a reused one ends the session).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { createClient, type Schemas } from '../api/client'

const KEY = 'bangfu.session'

interface Session {
  access: string
  refresh: string
}

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    return null
  }
}

export const useAuth = defineStore('auth', () => {
  const session = ref<Session | null>(load())
  const me = ref<Schemas['AccountView'] | null>(null)
  const signedIn = computed(() => session.value !== null)
  const role = computed(() => me.value?.role ?? null)

  function save(s: Session | null) {
    session.value = s
    if (s) localStorage.setItem(KEY, JSON.stringify(s))
    else localStorage.removeItem(KEY)
  }

  async function refresh(): Promise<boolean> {
    const s = session.value
    if (!s) return false
    try {
      const t = await createClient().post<{ access_token: string; refresh_token: string }>(
        '/api/v1/auth/refresh',
        { refresh_token: s.refresh },
        { anonymous: true },
      )
      save({ access: t.access_token, refresh: t.refresh_token })
      return true
    } catch {
      save(null)
      me.value = null
      return false
    }
  }

  const api = createClient({ token: () => session.value?.access ?? null, refresh })

  async function login(email: string, password: string) {
    const t = await api.post<{ access_token: string; refresh_token: string }>(
      '/api/v1/auth/login',
      { email, password },
      { anonymous: true },
    )
    save({ access: t.access_token, refresh: t.refresh_token })
    await loadMe()
  }

  async function loadMe() {
    if (!session.value) return
    try {
      me.value = await api.get<Schemas['AccountView']>('/api/v1/me')
    } catch {
      me.value = null
    }
  }

  async function logout() {
    const s = session.value
    save(null)
    me.value = null
    if (s) {
      try {
        await createClient().post('/api/v1/auth/logout', { refresh_token: s.refresh }, { anonymous: true })
      } catch {
        // Signed out locally either way.
      }
    }
  }

  return { session, me, signedIn, role, api, login, logout, loadMe, refresh }
})
