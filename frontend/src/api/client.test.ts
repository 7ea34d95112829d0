import { describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, createClient } from './client'

function reply(status: number, body: unknown) {
  return new Response(body === undefined ? '' : JSON.stringify(body), { status })
}

describe('client', () => {
  it('builds query strings, skipping empty values and encoding Chinese words', () => {
    expect(buildUrl('', '/api/v1/needs/search', { q: '轮椅', region: '', page: 2, has_remaining: true, x: undefined })).toBe(
      '/api/v1/needs/search?q=%E8%BD%AE%E6%A4%85&page=2&has_remaining=true',
    )
  })

  it('turns a problem into an ApiError with field errors', async () => {
    const fetch = vi.fn().mockResolvedValue(
      reply(400, { code: 'validation_failed', status: 400, title: 't', type: 'x', detail: 'bad',
        errors: [{ field: 'quantity', code: 'out_of_range', message: 'm' }, { field: 'quantity', code: 'second', message: 'm' }] }),
    )
    const api = createClient({ fetch })
    const e = (await api.post('/api/v1/offers', { quantity: 0 }).catch((e) => e)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.code).toBe('validation_failed')
    expect(e.fields).toEqual({ quantity: 'out_of_range' })
  })

  it('sends the token and the Idempotency-Key, and JSON bodies', async () => {
    const fetch = vi.fn().mockResolvedValue(reply(201, { id: 'p1' }))
    const api = createClient({ fetch, token: () => 'tok' })
    await api.post('/api/v1/needs/n/pledges', { quantity: 1 }, { idempotencyKey: 'k-1' })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/needs/n/pledges')
    expect(init.headers.Authorization).toBe('Bearer tok')
    expect(init.headers['Idempotency-Key']).toBe('k-1')
    expect(JSON.parse(init.body)).toEqual({ quantity: 1 })
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
    const e = (await createClient({ fetch }).get('/x').catch((e) => e)) as ApiError
    expect(e.message).toBe('gateway down')
    expect(e.code).toBe('unknown')
  })
})
