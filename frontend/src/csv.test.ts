import { describe, expect, it } from 'vitest'
import { neutralize, toCsv } from './csv'

describe('csv', () => {
  it('quotes what needs quoting and starts with a BOM', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1, null]])).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n1,\r\n')
  })

  it('neutralizes every cell that would start a formula (OWASP), header included', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil","点我")']) {
      expect(neutralize(s), JSON.stringify(s)).toBe(`'${s}`)
    }
    expect(toCsv(['=h'], [['=cmd|\' /C calc\'!A0'], ['-2+3'], ['@x'], ['\r=1']])).toBe(
      '\uFEFF\'=h\r\n\'=cmd|\' /C calc\'!A0\r\n\'-2+3\r\n\'@x\r\n"\'\r=1"\r\n',
    )
  })

  it('leaves ordinary text, inner signs and numbers alone', () => {
    expect(neutralize('轮椅 = 1 台')).toBe('轮椅 = 1 台')
    expect(neutralize('a-b')).toBe('a-b')
    expect(neutralize(' =1')).toBe(' =1')
    expect(neutralize(-3)).toBe('-3')
    expect(neutralize('')).toBe('')
    expect(neutralize(undefined)).toBe('')
  })
})
