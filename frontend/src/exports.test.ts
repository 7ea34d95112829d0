import { describe, expect, it } from 'vitest'
import { i18n, setLocale } from './i18n'
import { needRows, pledgeRows } from './exports'
import type { Schemas } from './api/client'

const need = {
  id: 'n1', title: '电动轮椅', category: 'care', urgency: 'urgent', status: 'open', quantity: 1, pledged_quantity: 1, confirmed_quantity: 0, unit: '台',
  estimated_value_fen: 150000, region: { full_name: '河南省 三门峡市 卢氏县', path: [] }, household_label: '某户 · 3C8E',
  deadline: '2026-03-01T20:30:00Z', published_at: '2026-02-01T01:00:00Z',
} as unknown as Schemas['NeedView']
const pledge = { id: 'p1', need_id: 'n1', quantity: 1, status: 'approved', created_at: '2026-02-02T16:00:00Z' } as Schemas['PledgeView']

describe('CSV exports', () => {
  it('follow the user’s language, with names instead of codes and Beijing time', () => {
    setLocale('zh')
    const t = i18n.global.t as (k: string) => string
    const n = needRows(t, [need])
    expect(n.header.slice(0, 3)).toEqual(['编号', '标题', '类别'])
    expect(n.rows[0]).toContain('照护')
    expect(n.rows[0]).toContain('认捐中')
    expect(n.rows[0]).toContain('1500.00')
    expect(n.rows[0]).toContain('2026-03-02 04:30')
    const p = pledgeRows(t, [pledge], { n1: need })
    expect(p.rows[0].slice(0, 6)).toEqual(['p1', '电动轮椅', 1, '台', '已通过', '2026-02-03 00:00'])
    setLocale('en')
    expect(needRows(t, [need]).rows[0]).toContain('Care')
    expect(needRows(t, [need]).header[2]).toBe('Category')
    setLocale('zh')
  })
})
