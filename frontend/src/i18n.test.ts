import { describe, expect, it } from 'vitest'
import zh from './locales/zh'
import en from './locales/en'
import { parentRegion } from './views/search'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('translations', () => {
  it('have the same keys in Chinese and English, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
    for (const m of [zh, en]) {
      for (const k of keys(m)) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], m)
        expect(String(v).trim(), k).not.toBe('')
      }
    }
  })

  it('cover every API category and urgency', () => {
    for (const c of ['food_clothing', 'education', 'medical', 'housing', 'drinking_water', 'production', 'employment', 'care', 'other']) {
      expect(zh.category).toHaveProperty(c)
    }
    for (const u of ['normal', 'urgent', 'critical']) expect(en.urgency).toHaveProperty(u)
  })
})

describe('region drill-down', () => {
  it('goes up one level at a time', () => {
    expect(parentRegion('411224101200')).toBe('411224101')
    expect(parentRegion('411224101')).toBe('411224')
    expect(parentRegion('411224')).toBe('4112')
    expect(parentRegion('41')).toBe('')
  })
})
