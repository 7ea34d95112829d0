// Money, times and numbers as people read them, in the user's language. Times are Beijing time
// (Asia/Shanghai) whatever the computer's zone: the deadlines and records are China's.
import { i18n } from './i18n'

const tag = () => (i18n.global.locale.value === 'en' ? 'en-US' : 'zh-CN')

/** 150000 fen → ¥1,500 (cents only when there are any). */
export function yuan(fen: number, locale = tag()): string {
  const whole = fen % 100 === 0
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(fen / 100)
}

/** A count; `null` is a figure the server suppressed because it is under five (it could identify a household). */
export function count(n: number | null | undefined, locale = tag()): string {
  if (n === null || n === undefined) return '<5'
  return new Intl.NumberFormat(locale).format(n)
}

function parts(iso: string) {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  })
  return Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
}

/** 2026-03-01 in Beijing. */
export function beijingDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const p = parts(iso)
  return `${p.year}-${p.month}-${p.day}`
}

/** 2026-03-01 08:30 in Beijing. */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const p = parts(iso)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** Whole days from `iso` until now (waiting time). */
export function daysSince(iso: string | null | undefined, now = Date.now()): number {
  return iso ? Math.max(0, Math.floor((now - new Date(iso).getTime()) / 86400e3)) : 0
}
