import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('csv', () => {
  it('quotes what needs quoting and starts with a BOM', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1, null]])).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n1,\r\n')
  })
})
