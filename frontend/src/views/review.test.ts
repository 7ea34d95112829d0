import { describe, expect, it } from 'vitest'
import { applyFilters, runEach, townshipOf } from './review'
import type { Schemas } from '../api/client'

const need = (township: string) =>
  ({ region: { path: [{ name: '河南省' }, { name: '三门峡市' }, { name: '卢氏县' }, { name: township }, { name: '某村' }] } }) as unknown as Schemas['NeedView']

describe('review console', () => {
  const items = [
    { need: need('杜关镇'), flags: [{ code: 'likely_duplicate' }] },
    { need: need('城关镇'), flags: [] },
    { need: need('杜关镇'), flags: [] },
  ]

  it('filters by township and flag', () => {
    expect(townshipOf(items[0].need)).toBe('杜关镇')
    expect(applyFilters(items, { township: '杜关镇', flag: '' })).toHaveLength(2)
    expect(applyFilters(items, { township: '', flag: 'likely_duplicate' })).toEqual([items[0]])
    expect(applyFilters(items, { township: '杜关镇', flag: 'none' })).toEqual([items[2]])
    expect(applyFilters(items, { township: '', flag: '' })).toHaveLength(3)
  })

  it('approves several one request each and reports each result', async () => {
    const sent: string[] = []
    const out = await runEach(
      ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase(), run: async () => { sent.push(id); if (id === 'b') throw new Error('need_already_reviewed') } })),
      (e) => (e as Error).message,
    )
    expect(sent).toEqual(['a', 'b', 'c'])
    expect(out).toEqual([
      { id: 'a', label: 'A', ok: true },
      { id: 'b', label: 'B', ok: false, error: 'need_already_reviewed' },
      { id: 'c', label: 'C', ok: true },
    ])
  })
})
