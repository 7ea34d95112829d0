import { describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, createClient, fillPath } from './client'

function reply(status: number, body: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status })
}

describe('client', () => {
  it('builds query strings, skipping empty values and encoding Chinese words', () => {
    expect(buildUrl('', '/api/v1/needs/search', { q: '轮椅', region: '', page: 2, has_remaining: true, x: undefined })).toBe(
      '/api/v1/needs/search?q=%E8%BD%AE%E6%A4%85&page=2&has_remaining=true',
    )
  })

  it('fills path parameters, encoded, and refuses a missing one', () => {
    expect(fillPath('/api/v1/needs/{id}/pledges', { id: 'a/b c' })).toBe('/api/v1/needs/a%2Fb%20c/pledges')
    expect(fillPath('/api/v1/admin/jobs/{id}/retry', { id: 7 })).toBe('/api/v1/admin/jobs/7/retry')
    expect(() => fillPath('/api/v1/needs/{id}', {})).toThrow(/id/)
    expect(() => fillPath('/api/v1/needs/{id}', { id: '' })).toThrow(/id/)
  })

  it('requests by path template, with the path, the query and the typed answer', async () => {
    const fetch = vi.fn().mockImplementation(async () => reply(200, { id: 'n1', title: '轮椅' }))
    const api = createClient({ fetch })
    const need = await api.get('/api/v1/needs/{id}', { path: { id: 'n1' } })
    // The answer's type comes from `paths`: a NeedView.
    const title: string = need.title
    expect(title).toBe('轮椅')
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/needs/n1')
    expect(fetch.mock.calls[0][1].method).toBe('GET')
    expect(fetch.mock.calls[0][1].body).toBeUndefined()
    await api.get('/api/v1/needs/search', { query: { q: '化肥', page: 2 } })
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/needs/search?q=%E5%8C%96%E8%82%A5&page=2')
  })

  it('checks calls against the API document at compile time', () => {
    const api = createClient({ fetch: vi.fn().mockResolvedValue(reply(200, {})) })
    // Each line below is a type error; the test fails to type-check when one stops being one.
    const wrong = () => {
      // @ts-expect-error: the path parameter is required
      void api.get('/api/v1/needs/{id}')
      // @ts-expect-error: no such query parameter
      void api.get('/api/v1/needs/search', { query: { nope: 1 } })
      // @ts-expect-error: a review needs its body
      void api.post('/api/v1/needs/{id}/review', { path: { id: 'n' } })
      // @ts-expect-error: no such path
      void api.get('/api/v1/nowhere')
      // @ts-expect-error: the search has no POST
      void api.post('/api/v1/needs/search')
    }
    expect(typeof wrong).toBe('function')
  })

  it('turns a problem into an ApiError with field errors', async () => {
    const fetch = vi.fn().mockResolvedValue(
      reply(400, { code: 'validation_failed', status: 400, title: 't', type: 'x', detail: 'bad',
        errors: [{ field: 'quantity', code: 'out_of_range', message: 'm' }, { field: 'quantity', code: 'second', message: 'm' }] }),
    )
    const api = createClient({ fetch })
    const e = (await api.post('/api/v1/offers', { body: { quantity: 0 } }).catch((e) => e)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.code).toBe('validation_failed')
    expect(e.fields).toEqual({ quantity: 'out_of_range' })
  })

  it('sends the token and the Idempotency-Key, and JSON bodies', async () => {
    const fetch = vi.fn().mockResolvedValue(reply(201, { id: 'p1' }))
    const api = createClient({ fetch, token: () => 'tok' })
    await api.post('/api/v1/needs/{id}/pledges', { path: { id: 'n' }, body: { quantity: 1 }, idempotencyKey: 'k-1' })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/needs/n/pledges')
    expect(init.headers.Authorization).toBe('Bearer tok')
    expect(init.headers['Idempotency-Key']).toBe('k-1')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.credentials).toBe('same-origin')
    expect(JSON.parse(init.body)).toEqual({ quantity: 1 })
  })

  it('sends {} for a POST without a body, and no token when anonymous', async () => {
    const fetch = vi.fn().mockImplementation(async () => reply(200, { id: 'p1', status: 'approved' }))
    const api = createClient({ fetch, token: () => 'tok' })
    await api.post('/api/v1/pledges/{id}/approve', { path: { id: 'p1' } })
    expect(fetch.mock.calls[0][1].body).toBe('{}')
    await api.post('/api/v1/auth/login', { body: { email: 'a@b.cn', password: 'x' }, anonymous: true })
    expect(fetch.mock.calls[1][1].headers.Authorization).toBeUndefined()
  })

  it('answers undefined for 204 No Content', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(null, { status: 204 }))
    const api = createClient({ fetch })
    await expect(api.post('/api/v1/auth/logout', { body: { refresh_token: 'r' } })).resolves.toBeUndefined()
  })

  it('refreshes once on a 401 and repeats the request', async () => {
    let token = 'old'
    const fetch = vi.fn()
      .mockResolvedValueOnce(reply(401, { code: 'token_expired' }))
      .mockResolvedValueOnce(reply(200, { ok: true }))
    const refresh = vi.fn(async () => {
      token = 'new'
      return true
    })
    const api = createClient({ fetch, token: () => token, refresh })
    await expect(api.get('/api/v1/me')).resolves.toEqual({ ok: true })
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(fetch.mock.calls[1][1].headers.Authorization).toBe('Bearer new')
  })

  it('does not loop when the refresh fails', async () => {
    const fetch = vi.fn().mockResolvedValue(reply(401, { code: 'invalid_token' }))
    const api = createClient({ fetch, token: () => 't', refresh: async () => false })
    await expect(api.get('/api/v1/me')).rejects.toMatchObject({ status: 401, code: 'invalid_token' })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('treats a non-JSON error body as the detail', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response('gateway down', { status: 502 }))
    const e = (await createClient({ fetch }).get('/api/v1/stats').catch((e) => e)) as ApiError
    expect(e.message).toBe('gateway down')
    expect(e.code).toBe('unknown')
  })
})
