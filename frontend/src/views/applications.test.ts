// Each move asks first (saying what follows) and then calls its own path; declining and withdrawing
// send an empty reason body, as the contract wants a JSON body there.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const asked: string[] = []
let answer = true
vi.mock('../composables', () => ({
  confirmAction: vi.fn(async (_title: string, message: string) => {
    asked.push(message)
    return answer
  }),
  act: vi.fn(async (fn: () => Promise<unknown>) => {
    await fn()
    return true
  }),
}))

import { move } from './applications'
import { setLocale } from '../i18n'
import type { Client } from '../api/client'
import type { Application } from '../jobs'

const a = { id: 'a1', job: { id: 'j1', title: '扶贫车间缝纫工', organization: '卢氏县绿源农业有限公司' } } as Application

function fakeApi() {
  const calls: [string, unknown][] = []
  const api = { post: vi.fn(async (path: string, init: unknown) => calls.push([path, init])) } as unknown as Client
  return { api, calls }
}

beforeEach(() => {
  asked.length = 0
  answer = true
  setLocale('zh')
})

describe('moves on an application', () => {
  it('call their paths, with a body where the contract has one', async () => {
    const { api, calls } = fakeApi()
    for (const m of ['invite', 'accept', 'decline', 'withdraw'] as const) expect(await move(api, a, m)).toBe(true)
    expect(calls).toEqual([
      ['/api/v1/applications/{id}/invite', { path: { id: 'a1' } }],
      ['/api/v1/applications/{id}/accept', { path: { id: 'a1' } }],
      ['/api/v1/applications/{id}/decline', { path: { id: 'a1' }, body: {} }],
      ['/api/v1/applications/{id}/withdraw', { path: { id: 'a1' }, body: {} }],
    ])
  })

  it('say before accepting that the employer will see the phone, and do nothing when refused', async () => {
    const { api, calls } = fakeApi()
    answer = false
    expect(await move(api, a, 'accept')).toBe(false)
    expect(asked[0]).toContain('卢氏县绿源农业有限公司')
    expect(asked[0]).toContain('电话')
    expect(calls).toEqual([])
  })
})
