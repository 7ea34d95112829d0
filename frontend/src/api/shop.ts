// The shop's answers (issue 18) by name, from the generated schema; and the requests the typed
// client cannot make: multipart uploads and deletes.
import { ApiError, type Schemas } from './client'

export type ProductHit = Schemas['ProductHit']
export type ProductSearchResponse = Schemas['ProductSearchResponse']
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

/** A request outside the typed client: a multipart upload or a delete. */
export async function request(auth: TokenSource | null, method: string, url: string, body?: FormData | object, retried = false, extra: Record<string, string> = {}): Promise<Response> {
  const token = auth?.access ?? null
  const headers: Record<string, string> = { Accept: 'application/json', ...extra }
  if (token) headers.Authorization = `Bearer ${token}`
  let payload: BodyInit | undefined
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' })
  if (res.status === 401 && token && !retried && auth && (await auth.refresh())) return request(auth, method, url, body, true, extra)
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}))
    throw new ApiError(res.status, problem)
  }
  return res
}
