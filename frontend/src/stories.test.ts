import { describe, expect, it } from 'vitest'
import { blockedByFaces, daysHours, excerpt, honourYears, nextStep, percent, rank, ratingBars } from './stories'

describe('stories', () => {
  it('cuts an excerpt by characters, on one line', () => {
    expect(excerpt('短文')).toBe('短文')
    expect(excerpt('一二三四五六', 3)).toBe('一二三…')
    expect(excerpt('a\n\n b   c', 10)).toBe('a b c')
  })

  it('says the next step of a story', () => {
    const draft = { status: 'draft' as const, consent_at: null, faces_allowed: false }
    expect(nextStep(draft, [])).toBe('consent')
    const consented = { ...draft, consent_at: '2026-01-01T00:00:00Z' }
    expect(nextStep(consented, [{ shows_face: false }])).toBe('submit')
    expect(nextStep(consented, [{ shows_face: true }])).toBe('faces')
    expect(blockedByFaces({ ...consented, faces_allowed: true }, [{ shows_face: true }])).toBe(false)
    expect(nextStep({ ...consented, status: 'in_review' }, [])).toBe('review')
    expect(nextStep({ ...consented, status: 'published' }, [])).toBe('published')
    expect(nextStep({ ...consented, status: 'rejected' }, [])).toBe('rejected')
  })

  it('draws rating bars from 5 stars down, relative to the largest', () => {
    expect(ratingBars([0, 0, 1, 0, 4])).toEqual([
      { stars: 5, count: 4, pct: 100 },
      { stars: 4, count: 0, pct: 0 },
      { stars: 3, count: 1, pct: 25 },
      { stars: 2, count: 0, pct: 0 },
      { stars: 1, count: 0, pct: 0 },
    ])
    expect(ratingBars([0, 0, 0, 0, 0]).every((b) => b.pct === 0)).toBe(true)
    // Suppressed cells (fewer than 5) have no count and no bar.
    expect(ratingBars([0, null, 0, null, 6]).map((b) => [b.count, b.pct])).toEqual([[6, 100], [null, 0], [0, 0], [null, 0], [0, 0]])
  })

  it('formats rates and durations', () => {
    expect(percent(0.857)).toBe('86%')
    expect(percent(null)).toBe('—')
    expect(daysHours(50.4)).toEqual({ days: 2, hours: 2 })
    expect(daysHours(null)).toBeNull()
  })

  it('lists the roll years and ranks', () => {
    expect(honourYears(new Date('2022-06-01T00:00:00Z'))).toEqual([2022, 2021, 2020])
    expect(rank(2, 20, 0)).toBe(21)
  })
})
