// Products (消费扶贫): the pure helpers the shop's pages share — reading a price typed in yuan,
// showing a price per unit, a phone number's shape, and the order moves each party may make.
import { yuan } from './format'

/**
 * A price typed in yuan ("36", "36.5", "¥1,280.00", "３６") → fen, or null when it is not a price
 * (more than two decimals, a sign, letters, nothing). Never goes through floating point.
 */
export function parseYuan(text: string): number | null {
  const s = text
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[¥￥,，\s]/g, '')
    .replace(/元$/, '')
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** Fen → the text a price box shows back ("36", "36.50"). */
export function yuanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2)
}

/** ¥36 / 公斤 */
export function perUnit(fen: number, unit: string, locale?: string): string {
  return `${yuan(fen, locale)} / ${unit}`
}

/** What `quantity` units cost, in fen (integers only: no rounding). */
export function totalFen(priceFen: number, quantity: number): number {
  return priceFen * Math.max(0, Math.floor(quantity))
}

/** The server's rule for a delivery phone: 7–20 characters, digits, spaces, `+` and `-`. */
export function phoneLooksRight(phone: string): boolean {
  const p = phone.trim()
  return p.length >= 7 && p.length <= 20 && /^[0-9+\- ]+$/.test(p) && /\d{5}/.test(p.replace(/[ -]/g, ''))
}

export type OrderMove = 'paid' | 'ship' | 'cancel' | 'receive'

/** The moves the buttons offer on an order (the server's state table decides in the end). */
export function orderMoves(status: string, as: 'buyer' | 'seller'): OrderMove[] {
  if (as === 'seller') {
    if (status === 'placed') return ['paid', 'cancel']
    if (status === 'paid') return ['ship', 'cancel']
    return []
  }
  if (status === 'placed') return ['cancel']
  if (status === 'shipped') return ['receive']
  return []
}

/** The stars of a rating, 1–5 ("★★★★☆"). */
export function stars(rating: number): string {
  const n = Math.max(0, Math.min(5, Math.round(rating)))
  return '★'.repeat(n) + '☆'.repeat(5 - n)
}
