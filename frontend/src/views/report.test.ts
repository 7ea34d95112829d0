import { describe, expect, it } from 'vitest'
import { summarize } from './report'
import type { Schemas } from '../api/client'

const need = (id: string, category: string, county: string) =>
  ({ id, category, region: { path: [{ name: '河南省' }, { name: '三门峡市' }, { name: county }, { name: '某镇' }] } }) as unknown as Schemas['NeedView']
const pledge = (need_id: string, quantity: number) => ({ need_id, quantity }) as Schemas['PledgeView']

describe('contribution report', () => {
  it('sums confirmed pledges by county and category', () => {
    const needs = { a: need('a', 'care', '卢氏县'), b: need('b', 'care', '卢氏县'), c: need('c', 'education', '渑池县') }
    expect(summarize([pledge('a', 2), pledge('b', 3), pledge('c', 1), pledge('gone', 9)], needs)).toEqual([
      { region: '河南省 三门峡市 卢氏县', category: 'care', pledges: 2, quantity: 5 },
      { region: '河南省 三门峡市 渑池县', category: 'education', pledges: 1, quantity: 1 },
    ])
  })
})
