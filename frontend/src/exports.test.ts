import { describe, expect, it } from 'vitest'
import { i18n, setLocale } from './i18n'
import { contributionRows, needRows, pledgeRows } from './exports'
import type { ContributionItem } from './api/shop'
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

describe('the contribution CSV', () => {
  it('lists purchases beside pledges, in the user’s language', () => {
    setLocale('zh')
    const t = i18n.global.t as (k: string) => string
    const items: ContributionItem[] = [
      { kind: 'pledge', id: 'p1', title: '电动轮椅', quantity: 1, unit: '台', value_fen: 150000, status: 'confirmed', region_code: '411224', created_at: '2026-02-02T16:00:00Z' },
      { kind: 'purchase', id: 'o1', title: '卢氏核桃', quantity: 3, unit: '公斤', value_fen: 10800, status: 'received', region_code: '411224', created_at: '2026-02-03T02:00:00Z' },
      { kind: 'pledge', id: 'p2', title: '学费', quantity: 2, unit: '学期', value_fen: null, status: 'approved', region_code: '41', created_at: '2026-02-04T02:00:00Z' },
    ]
    const c = contributionRows(t, items, (code) => (code === '411224' ? '卢氏县' : code))
    expect(c.header).toEqual(['类型', '名称', '数量', '单位', '金额（元）', '状态', '地区', '时间（北京时间）'])
    expect(c.rows[0]).toEqual(['认捐', '电动轮椅', 1, '台', '1500.00', '已确认收到', '卢氏县', '2026-02-03 00:00'])
    expect(c.rows[1]).toEqual(['购买', '卢氏核桃', 3, '公斤', '108.00', '已收货', '卢氏县', '2026-02-03 10:00'])
    expect(c.rows[2][4]).toBe('')
    setLocale('en')
    expect(contributionRows(t, items, (x) => x).rows[1].slice(0, 2)).toEqual(['Purchase', '卢氏核桃'])
    setLocale('zh')
  })
})
