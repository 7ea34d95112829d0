import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from './i18n'
import zh from './locales/zh'
import en from './locales/en'
import {
  ageBandKey, applicationMoves, boardFromRoute, boardToRoute, dateInDays, EMPTY_BOARD, jobsTotals, payRange, retentionRate, searchQuery, toggle,
} from './jobs'
import { AGE_BANDS, APPLICATION_STATUSES, JOB_SORTS, JOB_STATUSES, PAY_PERIODS, RETENTION_FILTERS, SKILLS, TRAVEL } from './enums'

afterEach(() => setLocale('zh'))

describe('pay', () => {
  it('shows a range from fen per period, in the user’s language', () => {
    setLocale('zh')
    expect(payRange(300000, 450000, 'month', 'zh-CN')).toBe('¥3,000–¥4,500 / 月')
    expect(payRange(15000, 15000, 'day', 'zh-CN')).toBe('¥150 / 天')
    expect(payRange(150, 250, 'piece', 'zh-CN')).toBe('¥1.50–¥2.50 / 件')
    setLocale('en')
    expect(payRange(300000, 450000, 'month', 'en-US')).toBe('¥3,000–¥4,500 / month')
  })

  it('puts the lower figure first and leaves out a period it does not know', () => {
    expect(payRange(450000, 300000, 'month', 'zh-CN')).toBe('¥3,000–¥4,500 / 月')
    expect(payRange(100, 100, 'week', 'zh-CN')).toBe('¥1')
  })
})

describe('age bands', () => {
  it('read the serde spelling and the form’s alike', () => {
    expect(ageBandKey('from16_to24')).toBe('16_24')
    expect(ageBandKey('from55_to64')).toBe('55_64')
    expect(ageBandKey('35_44')).toBe('35_44')
    expect(ageBandKey('70_80')).toBe('70_80')
  })
})

describe('the job board', () => {
  it('keeps only what differs from an empty board in the address bar, and reads it back', () => {
    expect(boardToRoute(EMPTY_BOARD)).toEqual({})
    const s = { q: ' 缝纫 ', region: '411224101200', skills: ['sewing', 'handicraft'], housing: 'true' as const, payPeriod: ['month'], minPay: '3000', sort: 'pay_desc', page: 2 }
    const route = boardToRoute(s)
    expect(route).toEqual({ q: '缝纫', region: '411224101200', skills: 'sewing,handicraft', housing: 'true', pay_period: 'month', min_pay: '3000', sort: 'pay_desc', page: '2' })
    expect(boardFromRoute(route)).toEqual({ ...s, q: '缝纫' })
  })

  it('drops from the address bar what the server would refuse', () => {
    expect(boardFromRoute({ region: '41x', skills: 'sewing,flying,sewing', housing: 'maybe', pay_period: 'week', min_pay: 'lots', sort: 'cheapest', page: '-3' })).toEqual({
      ...EMPTY_BOARD, skills: ['sewing'],
    })
    expect(boardFromRoute({ q: ['a', 'b'] }).q).toBe('a')
  })

  it('asks the search with lists comma-separated, the pay in fen and empty filters left out', () => {
    expect(searchQuery(EMPTY_BOARD, 20)).toEqual({ page: 1, per_page: 20 })
    expect(searchQuery({ ...EMPTY_BOARD, q: '采摘', skills: ['farming', 'cooking'], housing: 'false', payPeriod: ['day', 'piece'], minPay: '150.5', sort: 'closing_soon', region: '411224' }, 20)).toEqual({
      q: '采摘', region: '411224', skills: 'farming,cooking', housing: false, pay_period: 'day,piece', pay_min_fen: 15050, sort: 'closing_soon', page: 1, per_page: 20,
    })
    // A pay that is not one is not sent.
    expect(searchQuery({ ...EMPTY_BOARD, minPay: '三千' }, 20).pay_min_fen).toBeUndefined()
  })

  it('toggles a facet value', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b'])
    expect(toggle(['a', 'b'], 'a')).toEqual(['b'])
  })
})

describe('applications', () => {
  it('offer each side only its moves of the state table', () => {
    expect(applicationMoves('applied', 'employer')).toEqual(['invite', 'decline'])
    expect(applicationMoves('invited', 'employer')).toEqual(['decline'])
    expect(applicationMoves('accepted', 'employer')).toEqual(['hire', 'decline'])
    expect(applicationMoves('applied', 'household')).toEqual(['withdraw'])
    expect(applicationMoves('invited', 'household')).toEqual(['accept', 'withdraw'])
    expect(applicationMoves('accepted', 'household')).toEqual(['withdraw'])
    for (const end of ['hired', 'declined', 'withdrawn']) {
      expect(applicationMoves(end, 'employer')).toEqual([])
      expect(applicationMoves(end, 'household')).toEqual([])
    }
    expect(applicationMoves('applied', 'someone')).toEqual([])
  })
})

describe('dates and figures', () => {
  it('gives dates in Beijing', () => {
    // 20:00 UTC on 1 March is already 2 March in Beijing.
    expect(dateInDays(0, Date.parse('2026-03-01T20:00:00Z'))).toBe('2026-03-02')
    expect(dateInDays(-31, Date.parse('2026-03-02T04:00:00Z'))).toBe('2026-01-30')
  })

  it('rates retention only when someone was asked', () => {
    expect(retentionRate(2, 3)).toBe(67)
    expect(retentionRate(0, 0)).toBeNull()
  })

  it('sums the county rows', () => {
    const row = { county_code: '411224', county_name: '卢氏县', above_county: false, jobs: 2, positions: 10, applications: 5, hires: 3, answered_30: 2, still_employed_30: 1, answered_180: 0, still_employed_180: 0, month_paid_hires: 3, median_month_pay_fen: 300000 }
    expect(jobsTotals([row, { ...row, county_code: '411222', jobs: 1, hires: 1 }])).toMatchObject({ jobs: 3, positions: 20, applications: 10, hires: 4, answered_30: 4 })
  })
})

describe('translations of the jobs lists', () => {
  it('cover every value in both languages', () => {
    const lists: [string, readonly string[]][] = [
      ['skill', SKILLS], ['payPeriod', PAY_PERIODS], ['jobs.per', PAY_PERIODS], ['travel', TRAVEL], ['ageBand', AGE_BANDS], ['jobStatus', JOB_STATUSES],
      ['applicationStatus', APPLICATION_STATUSES], ['jobs.board.sorts', JOB_SORTS], ['retentionFilter', RETENTION_FILTERS],
      ['jobs.application.endReason', ['job_closed', 'job_filled', 'job_expired']],
      ['matchReason', ['skills_overlap', 'no_skills_asked', 'same_village', 'same_township', 'same_county', 'same_city', 'same_province', 'anywhere', 'free_members']],
    ]
    for (const m of [zh, en]) {
      for (const [group, values] of lists) {
        const messages = group.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], m)
        for (const v of values) expect(messages, `${group}.${v}`).toHaveProperty([v])
      }
    }
  })
})
