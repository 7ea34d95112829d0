import { describe, expect, it } from 'vitest'
import { descendSingles, levelOf, type Region } from './regions'
import { startRegion } from './views/search'

const r = (code: string, name: string, level: string): Region => ({ code, name, level })
const tree: Record<string, Region[]> = {
  '': [r('41', '河南省', 'province')],
  '41': [r('4112', '三门峡市', 'city')],
  '4112': [r('411224', '卢氏县', 'county'), r('411221', '渑池县', 'county')],
  '411224': [r('411224101', '杜关镇', 'township')],
  '411224101': [r('411224101200', '杜关村', 'village')],
}
const load = async (c: string) => tree[c] ?? []

describe('region picker', () => {
  it('passes levels with a single choice', async () => {
    const top = await descendSingles('', load)
    expect(top.path.map((x) => x.name)).toEqual(['河南省', '三门峡市'])
    expect(top.options.map((x) => x.name)).toEqual(['卢氏县', '渑池县'])
    // One township with one village: straight to the village.
    const county = await descendSingles('411224', load)
    expect(county.path.map((x) => x.code)).toEqual(['411224101', '411224101200'])
    expect(county.options).toEqual([])
  })

  it('names levels by the code length', () => {
    expect(levelOf('41')).toBe('province')
    expect(levelOf('411224')).toBe('county')
    expect(levelOf('411224101200')).toBe('village')
    expect(levelOf('')).toBe('country')
  })

  it('starts the search drill-down where the visitor is', () => {
    expect(startRegion(null)).toBe('411224')
    expect(startRegion({ jurisdiction: { region_code: '411224100' } })).toBe('411224100')
    expect(startRegion({ household: { region_code: '411221100200' } })).toBe('411221')
  })
})
