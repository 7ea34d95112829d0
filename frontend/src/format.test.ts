import { describe, expect, it } from 'vitest'
import { beijingDate, beijingTime, daysSince, yuan } from './format'

describe('formats', () => {
  it('show money in yuan from fen', () => {
    expect(yuan(150000, 'zh-CN')).toBe('¥1,500')
    expect(yuan(1999, 'zh-CN')).toBe('¥19.99')
    expect(yuan(150000, 'en-US')).toBe('¥1,500')
  })

  it('show times in Beijing time', () => {
    // 20:30 UTC is 04:30 the next morning in Beijing.
    expect(beijingTime('2026-03-01T20:30:00Z')).toBe('2026-03-02 04:30')
    expect(beijingDate('2026-03-01T20:30:00Z')).toBe('2026-03-02')
    expect(beijingTime(null)).toBe('')
  })

  it('count waiting days', () => {
    expect(daysSince('2026-03-01T00:00:00Z', Date.parse('2026-03-08T12:00:00Z'))).toBe(7)
  })
})
