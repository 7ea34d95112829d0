/// <reference types="node" />
// Every code the server can send has a message in both languages: the codes are read from the Rust
// sources at test time (../src), so a new one without a translation fails here.
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import zh from './locales/zh'
import en from './locales/en'
import { fieldCodes, flagCodes, problemCodes, type Sources } from './serverCodes'
import { i18n, errorText, fieldErrorText, setLocale } from './i18n'
import { ApiError } from './api/client'
import { fieldMessages, problemText } from './components/FieldErrors'

// Tests run in frontend/ (npm test); the server's sources are next to it.
const SERVER = join(process.cwd(), '..', 'src')

function rustFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? rustFiles(p) : p.endsWith('.rs') ? [p] : []
  })
}
const sources: Sources = rustFiles(SERVER).map((p) => [p, readFileSync(p, 'utf8')])
const problems = problemCodes(readFileSync(join(SERVER, 'error.rs'), 'utf8'))
const fields = fieldCodes(sources)
const flags = flagCodes(sources)
// Being added on the server (issue 17); translated ahead so the web app is ready when they land.
const EXPECTED_PROBLEMS = ['need_changed', 'overloaded', 'second_official_required']
const EXPECTED_FIELDS = ['personal_data']

describe('the server codes', () => {
  it('are found in the Rust sources', () => {
    expect(problems).toContain('validation_failed')
    expect(problems).toContain('wrong_receipt_code')
    expect(problems.length).toBeGreaterThan(30)
    expect(fields).toEqual(expect.arrayContaining(['required', 'length', 'out_of_range', 'too_short', 'check_digit', 'invalid_region_code']))
    expect(flags).toEqual(expect.arrayContaining(['likely_duplicate', 'household_not_monitored']))
  })

  for (const [name, m] of [['zh', zh], ['en', en]] as const) {
    it(`each have a ${name} message`, () => {
      const missing = [
        ...[...problems, ...EXPECTED_PROBLEMS].filter((c) => !(c in m.errors)).map((c) => `errors.${c}`),
        ...[...fields, ...EXPECTED_FIELDS].filter((c) => !(c in m.fieldErrors)).map((c) => `fieldErrors.${c}`),
        ...[...flags, 'personal_data_suspected'].filter((c) => !(c in m.flags)).map((c) => `flags.${c}`),
      ]
      expect(missing).toEqual([])
    })
  }
})

describe('error messages', () => {
  it('fall back to a sentence in the user’s language for an unknown code', () => {
    setLocale('zh')
    expect(errorText('brand_new_code')).toBe(zh.errors.unknown)
    expect(fieldErrorText('brand_new_code')).toBe(zh.fieldErrors.unknown)
    setLocale('en')
    expect(errorText('brand_new_code')).toBe(en.errors.unknown)
    setLocale('zh')
  })

  it('never show the server’s English detail in Chinese', () => {
    setLocale('zh')
    const e = new ApiError(422, { code: 'wrong_receipt_code', detail: 'the receipt code does not match' })
    expect(problemText(e)).toBe('收货码不正确')
    const v = new ApiError(400, {
      code: 'validation_failed', detail: 'Some fields are invalid',
      errors: [{ field: 'title', code: 'length', message: 'must have 4 to 60 characters' }],
    })
    expect(fieldMessages(v).fields).toEqual({ title: '字数不符合要求' })
    expect(problemText(v)).toBe('请检查填写的内容：字数不符合要求')
    expect(i18n.global.locale.value).toBe('zh')
  })
})
