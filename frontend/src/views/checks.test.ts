import { describe, expect, it } from 'vitest'
import { beijingDay, periodOf, pickerRoot } from './checks'

describe('check rounds', () => {
  it('run from the start of the first Beijing day to the end of the last', () => {
    expect(periodOf('2026-03-01', '2026-03-31')).toEqual({ period_from: '2026-02-28T16:00:00.000Z', period_to: '2026-03-31T16:00:00.000Z' })
  })
  it('name days in Beijing time', () => {
    expect(beijingDay(0, Date.parse('2026-03-01T17:00:00Z'))).toBe('2026-03-02')
    expect(beijingDay(-1, Date.parse('2026-03-01T15:00:00Z'))).toBe('2026-02-28')
  })
  it('start a cross-check at the city, the others at the own jurisdiction', () => {
    expect(pickerRoot('cross', '411221')).toBe('4112')
    expect(pickerRoot('self', '411221')).toBe('411221')
    expect(pickerRoot('spot', '4112')).toBe('4112')
  })
})
