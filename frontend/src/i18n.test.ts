import { describe, expect, it } from 'vitest'
import zh from './locales/zh'
import en from './locales/en'
import { parentRegion } from './views/search'
import {
  CATEGORIES, CAMPAIGN_PHASES, CLOSE_OUTCOMES, PROJECT_PLEDGE_STATUSES, PROJECT_SORTS, PROJECT_STATUSES, CHECK_KINDS, CHECK_SUBJECTS, DISCLOSURE_OUTCOMES, FINDING_RESULTS, NEED_STATUSES, OFFER_STATUSES, PLEDGE_STATUSES, PROBLEM_KINDS,
  PUBLIC_NEED_STATUSES, RECTIFICATION_STATUSES, REVISIT_OUTCOMES, ROLES, URGENCIES, PRODUCT_CATEGORIES, PRODUCT_STATUSES, ORDER_STATUSES, PRODUCT_SORTS,
} from './enums'

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
      ['checks.kinds', CHECK_KINDS], ['checks.kindHint', CHECK_KINDS], ['checks.subjectNames', CHECK_SUBJECTS], ['checks.subjectTypes', ['need', 'delivery']],
      ['checks.results', FINDING_RESULTS], ['problemKinds', PROBLEM_KINDS], ['rect.statuses', RECTIFICATION_STATUSES],
      ['revisits.outcomes', REVISIT_OUTCOMES], ['checkFigures.outcomes', DISCLOSURE_OUTCOMES],
      ['productCategory', PRODUCT_CATEGORIES], ['productStatus', PRODUCT_STATUSES], ['orderStatus', ORDER_STATUSES], ['catalogue.sorts', PRODUCT_SORTS],
      ['product.sellerKind', ['household', 'enterprise', 'social_org']],
      ['projectStatus', PROJECT_STATUSES], ['projectPledgeStatus', PROJECT_PLEDGE_STATUSES], ['campaignPhase', CAMPAIGN_PHASES],
      ['projects.sorts', PROJECT_SORTS], ['project.outcomes', CLOSE_OUTCOMES],
    ]
    for (const m of [zh, en]) {
      for (const [group, values] of lists) {
        const messages = group.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], m)
        for (const v of values) expect(messages, `${group}.${v}`).toHaveProperty(v)
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
