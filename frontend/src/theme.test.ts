import { describe, expect, it } from 'vitest'
import { COLORS, contrast, elementVariables, textPairs, tint } from './theme'

describe('colours', () => {
  it('compute contrast as WCAG 2 does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5)
    // Element Plus's default danger button, which the issue measured at about 2.9:1.
    expect(contrast('#ffffff', '#f56c6c')).toBeCloseTo(2.9, 1)
    expect(tint('#000000', 0.5)).toBe('#808080')
  })

  it('every text reaches 4.5:1 against its background (WCAG AA)', () => {
    const failing = textPairs()
      .map(([what, fg, bg]) => [what, fg, bg, contrast(fg, bg).toFixed(2)])
      .filter(([, , , ratio]) => Number(ratio) < 4.5)
    expect(failing).toEqual([])
  })

  it('gives Element Plus the same palette', () => {
    const vars = elementVariables()
    expect(vars['--el-color-danger']).toBe(COLORS.danger)
    expect(vars['--el-color-danger-light-9']).toBe(tint(COLORS.danger, 0.9))
  })
})
