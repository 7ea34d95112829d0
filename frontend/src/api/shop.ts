// The shop's answers (issue 18) that the generated schema does not have yet: written by hand from
// ../shared/API.md, in this one place, until the server's OpenAPI document has them (then these
// become aliases of `Schemas[...]`). Also the requests the typed client cannot make: multipart
// uploads and deletes.
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

export interface ProductImage {
  id: string
  url: string
  thumbnail_url: string
  width: number
  height: number
}

export interface SalesRow {
  county_code: string
  county_name: string
  category: string
  orders: number
  quantity: number
  amount_fen: number
  households_helped: number
}

export interface SalesStats {
  region_code: string
  rows: SalesRow[]
  totals: { orders: number; quantity: number; amount_fen: number; households_helped: number }
}

export interface ContributionItem {
  kind: 'pledge' | 'purchase'
  id: string
  title: string
  quantity: number
  unit: string
  value_fen: number | null
  status: string
  region_code: string
  created_at: string
}

export interface Contribution {
  items: ContributionItem[]
  total: number
  page: number
  per_page: number
  summary: { pledges: number; pledged_quantity: number; purchases: number; purchases_fen: number }
}

export interface Paged<T> {
  items: T[]
  total: number
  page: number
  per_page: number
}

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

/** A product as GET /products/{id} answers it, with its images (being added on the server). */
export type ProductDetail = Schemas['ProductView'] & { images?: ProductImage[] }
