// The one way the app talks to Bangfu's HTTP API (../shared/API.md). Requests are typed by path
// from `paths` in schema.d.ts, generated from the server's OpenAPI document (`npm run gen:api`; a
// check fails when it is stale): `api.get('/api/v1/needs/{id}', { path: { id } })` knows its path
// and query parameters, its body and its answer, so no call casts. Problems (RFC 9457) become
// ApiError, with field errors by field.
import type { components, paths } from './schema'

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

// ---- Types derived from `paths` -------------------------------------------------------------

export type Method = 'get' | 'post' | 'patch'
/** The paths that have an operation for `M` (an absent one is `M?: never` in `paths`). */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, { responses: unknown }> ? P : never
}[keyof paths]
export type Operation<P extends PathsWith<M>, M extends Method> = paths[P][M]

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? Q : never
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : undefined
type Responses<O> = O extends { responses: infer R } ? R : never
/** The JSON of the operation's success answer (undefined for 204). */
export type Success<O> = Json<Responses<O>[Extract<keyof Responses<O>, 200 | 201 | 202 | 204>]>

/** What a call may or must carry: path parameters when the path has any, the query, the body. */
export type Init<O> = ([PathParams<O>] extends [never] ? { path?: never } : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] | [undefined] ? { query?: never } : { query?: QueryParams<O> }) &
  ([JsonBody<O>] extends [never] ? { body?: never } : O extends { requestBody: unknown } ? { body: JsonBody<O> } : { body?: JsonBody<O> }) &
  RequestOptions

/** `[init]` when everything in it is optional, `[init?]` otherwise: calls without options stay short. */
type Args<O> = {} extends Init<O> ? [init?: Init<O>] : [init: Init<O>]

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  idempotencyKey?: string
  /** do not send the token even when signed in */
  anonymous?: boolean
}

export interface ClientOptions {
  baseUrl?: string
  fetch?: typeof fetch
  /** the current access token, if any */
  token?: () => string | null
  /** called once on a 401 from an authenticated request; true when a new token was obtained */
  refresh?: () => Promise<boolean>
}

export function buildUrl(base: string, path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return `${base}${path}${qs ? `?${qs}` : ''}`
}

/** `/api/v1/needs/{id}` with `{ id: 'n1' }` → `/api/v1/needs/n1`; a missing parameter is a bug. */
export function fillPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name]
    if (v === undefined || v === '') throw new Error(`missing path parameter ${name} for ${template}`)
    return encodeURIComponent(String(v))
  })
}

interface RawInit extends RequestOptions {
  path?: Record<string, string | number>
  query?: Query
  body?: unknown
}

export function createClient(opts: ClientOptions = {}) {
  const base = opts.baseUrl ?? ''
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))

  async function send(method: string, template: string, o: RawInit, retried = false): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    const token = o.anonymous ? null : (opts.token?.() ?? null)
    if (token) headers.Authorization = `Bearer ${token}`
    if (o.body !== undefined) headers['Content-Type'] = 'application/json'
    if (o.idempotencyKey) headers['Idempotency-Key'] = o.idempotencyKey
    const res = await doFetch(buildUrl(base, fillPath(template, o.path), o.query), {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      // The refresh cookie (HttpOnly, Path=/api/v1/auth) goes only to our own origin.
      credentials: 'same-origin',
    })
    if (res.status === 401 && token && !retried && opts.refresh && (await opts.refresh())) {
      return send(method, template, o, true)
    }
    const text = await res.text()
    const data = text ? safeJson(text) : undefined
    if (!res.ok) {
      const problem = (data && typeof data === 'object' ? data : { detail: text }) as Partial<Problem>
      throw new ApiError(res.status, problem)
    }
    return data
  }

  const call =
    <M extends Method>(method: M) =>
    <P extends PathsWith<M>>(path: P, ...[init]: Args<Operation<P, M>>): Promise<Success<Operation<P, M>>> => {
      const o = (init ?? {}) as RawInit
      // A POST without a body still sends `{}`: the server reads JSON on every POST.
      const body = method === 'post' && o.body === undefined ? {} : o.body
      return send(method.toUpperCase(), path, { ...o, body }) as Promise<Success<Operation<P, M>>>
    }

  return { get: call('get'), post: call('post'), patch: call('patch') }
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
