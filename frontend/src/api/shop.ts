// The shop's answers (issue 18): product search written by hand from ../shared/API.md until the
// server's OpenAPI document has it, the others named from the generated schema. Also the requests
// the typed client cannot make: multipart uploads and deletes.
import { ApiError, buildUrl, type Query, type Schemas } from './client'

export interface ProductHit {
  id: string
  title: string
  category: string
  unit: string
  price_fen: number
  stock: number
  region_code: string
  households_helped: number
  thumbnail_url: string | null
  listed_at: string
}

export interface ProductSearchResponse {
  hits: ProductHit[]
  total: number
  facets: { category: Record<string, number>; region: Record<string, number> }
  /** Names of the regions in `facets.region`. */
  region_names?: Record<string, string>
  page: number
  per_page: number
  suggestions: { q: string; hits: number }[]
}

export type ProductImage = Schemas['ProductImageView']
export type SalesRow = Schemas['SalesRow']
export type SalesStats = Schemas['SalesStats']
export type ContributionItem = Schemas['ContributionItem']
export type Contribution = Schemas['Contribution']

/** Where the access token comes from, and how a new one is fetched on a 401 (the auth store). */
export interface TokenSource {
  access: string | null
  refresh(): Promise<boolean>
}

/** A request outside the typed client: a multipart upload, a delete, or an answer not yet in the schema. */
export async function request(auth: TokenSource | null, method: string, url: string, body?: FormData | object, retried = false): Promise<Response> {
  const token = auth?.access ?? null
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  let payload: BodyInit | undefined
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' })
  if (res.status === 401 && token && !retried && auth && (await auth.refresh())) return request(auth, method, url, body, true)
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}))
    throw new ApiError(res.status, problem)
  }
  return res
}

/** A GET of JSON outside the typed client. */
export async function getJson<T>(auth: TokenSource | null, path: string, query?: Query): Promise<T> {
  const res = await request(auth, 'GET', buildUrl('', path, query))
  return (await res.json()) as T
}
