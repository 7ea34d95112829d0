// The one way the app talks to Bangfu's HTTP API (../shared/API.md). Types come from
// schema.d.ts, generated from the server's OpenAPI document (`npm run gen:api`; a check fails
// when it is stale). Problems (RFC 9457) become ApiError, with field errors by field.
import type { components } from './schema'

export type Schemas = components['schemas']
export type Problem = Schemas['Problem']

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** field → error code, for showing each error next to its field */
  readonly fields: Record<string, string>
  readonly problem: Partial<Problem>

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`)
    this.status = status
    this.code = problem.code ?? 'unknown'
    this.problem = problem
    this.fields = {}
    for (const e of problem.errors ?? []) {
      if (!(e.field in this.fields)) this.fields[e.field] = e.code
    }
  }
}

export interface ClientOptions {
  baseUrl?: string
  fetch?: typeof fetch
  /** the current access token, if any */
  token?: () => string | null
  /** called once on a 401 from an authenticated request; true when a new token was obtained */
  refresh?: () => Promise<boolean>
}

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  query?: Query
  body?: unknown
  idempotencyKey?: string
  /** do not send the token even when signed in */
  anonymous?: boolean
}

export function buildUrl(base: string, path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return `${base}${path}${qs ? `?${qs}` : ''}`
}

export function createClient(opts: ClientOptions = {}) {
  const base = opts.baseUrl ?? ''
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))

  async function send<T>(method: string, path: string, o: RequestOptions = {}, retried = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    const token = o.anonymous ? null : (opts.token?.() ?? null)
    if (token) headers.Authorization = `Bearer ${token}`
    if (o.body !== undefined) headers['Content-Type'] = 'application/json'
    if (o.idempotencyKey) headers['Idempotency-Key'] = o.idempotencyKey
    const res = await doFetch(buildUrl(base, path, o.query), {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    })
    if (res.status === 401 && token && !retried && opts.refresh && (await opts.refresh())) {
      return send<T>(method, path, o, true)
    }
    const text = await res.text()
    const data = text ? safeJson(text) : undefined
    if (!res.ok) {
      const problem = (data && typeof data === 'object' ? data : { detail: text }) as Partial<Problem>
      throw new ApiError(res.status, problem)
    }
    return data as T
  }

  return {
    get: <T>(path: string, o?: RequestOptions) => send<T>('GET', path, o),
    post: <T>(path: string, body?: unknown, o?: RequestOptions) => send<T>('POST', path, { ...o, body: body ?? {} }),
    patch: <T>(path: string, body: unknown, o?: RequestOptions) => send<T>('PATCH', path, { ...o, body }),
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export type Client = ReturnType<typeof createClient>

/** A fresh key for a request that must not happen twice (a pledge): keep it for the retries. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID()
}
