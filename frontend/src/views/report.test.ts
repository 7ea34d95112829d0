import { describe, expect, it } from 'vitest'
import { summarize, valueByCategory } from './report'
import type { Schemas } from '../api/client'

const need = (id: string, category: string, county: string, unit = '台', quantity = 10, estimated_value_fen = 100000) =>
  ({ id, category, unit, quantity, estimated_value_fen, region: { path: [{ name: '河南省' }, { name: '三门峡市' }, { name: county }, { name: '某镇' }] } }) as unknown as Schemas['NeedView']
const pledge = (need_id: string, quantity: number) => ({ need_id, quantity }) as Schemas['PledgeView']

describe('contribution report', () => {
  it('sums confirmed pledges by county, category and unit, with their share of the value', () => {
    const needs = { a: need('a', 'care', '卢氏县'), b: need('b', 'care', '卢氏县'), c: need('c', 'education', '渑池县'), d: need('d', 'medical', '卢氏县', '元', 5000, 500000) }
    const rows = summarize([pledge('a', 2), pledge('b', 3), pledge('c', 1), pledge('d', 1000), pledge('gone', 9)], needs)
    expect(rows).toEqual([
      { region: '河南省 三门峡市 卢氏县', category: 'care', unit: '台', pledges: 2, quantity: 5, valueFen: 50000 },
      { region: '河南省 三门峡市 卢氏县', category: 'medical', unit: '元', pledges: 1, quantity: 1000, valueFen: 100000 },
      { region: '河南省 三门峡市 渑池县', category: 'education', unit: '台', pledges: 1, quantity: 1, valueFen: 10000 },
    ])
    expect(Object.fromEntries(valueByCategory(rows))).toEqual({ care: 50000, medical: 100000, education: 10000 })
  })
})
