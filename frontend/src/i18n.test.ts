import { describe, expect, it } from 'vitest'
import zh from './locales/zh'
import en from './locales/en'
import { parentRegion } from './views/search'
import { CATEGORIES, NEED_STATUSES, OFFER_STATUSES, PLEDGE_STATUSES, PUBLIC_NEED_STATUSES, ROLES, URGENCIES } from './enums'

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

  it('cover every list the server knows (enums.ts) in both languages', () => {
    const lists: [string, readonly string[]][] = [
      ['category', CATEGORIES], ['urgency', URGENCIES], ['needStatus', NEED_STATUSES], ['status', PUBLIC_NEED_STATUSES],
      ['pledgeStatus', PLEDGE_STATUSES], ['offerStatus', OFFER_STATUSES], ['roles', ROLES],
    ]
    for (const m of [zh, en]) {
      for (const [group, values] of lists) {
        for (const v of values) expect((m as unknown as Record<string, Record<string, string>>)[group], `${group}.${v}`).toHaveProperty(v)
      }
    }
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
