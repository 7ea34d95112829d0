import { describe, expect, it } from 'vitest'
import { beijingLocal, budgetLines, budgetTotal, cumulative, ledgerRows, percent, pledgedPercent, polyline, ratioText, toReceive, toRefund } from './crowdfunding'

const pledge = (o: Partial<Record<string, unknown>> = {}) => ({
  id: 'p1', supporter: '张**', amount_fen: 100000, received_fen: 0, refunded_fen: 0, status: 'pledged', message: '加油', created_at: '2026-03-01T02:00:00Z', lapsed_at: null, ...o,
}) as never

describe('crowdfunding', () => {
  it('turns per mille into a bar percent', () => {
    expect(percent(0)).toBe(0)
    expect(percent(555)).toBe(55)
    expect(percent(1000)).toBe(100)
    expect(percent(1200)).toBe(100)
    expect(pledgedPercent({ pledged_fen: 50000, target_fen: 200000 })).toBe(25)
    expect(pledgedPercent({ pledged_fen: 5, target_fen: 0 })).toBe(0)
  })
  it('reads budget lines typed in yuan and sums the target', () => {
    const lines = [{ item: ' 水泥 ', amount: '1,200' }, { item: '工钱', amount: '300.5' }]
    expect(budgetLines(lines)).toEqual([{ item: '水泥', amount_fen: 120000 }, { item: '工钱', amount_fen: 30050 }])
    expect(budgetTotal(lines)).toBe(150050)
    expect(budgetLines([{ item: 'x', amount: 'abc' }])).toBeNull()
    expect(budgetLines([{ item: 'x', amount: '0' }])).toBeNull()
    expect(budgetTotal([{ item: 'x', amount: 'abc' }, { item: 'y', amount: '2' }])).toBe(200)
  })
  it('puts the ledger in one list, newest first, with who and which line', () => {
    const rows = ledgerRows(
      {
        pledges: [pledge()],
        receipts: [{ id: 'r1', pledge_id: 'p1', amount_fen: 100000, received_on: '2026-03-02', recorded_at: '' }],
        spending: [{ id: 's1', budget_line_id: 'l1', amount_fen: 90000, description: '水泥', spent_on: '2026-03-05', image_url: '/media/a', thumb_url: '/media/t', image_sha256: '', recorded_at: '', receipt_status: 'published' },
          { id: 's2', budget_line_id: 'l1', amount_fen: 100, description: '砂石', spent_on: '2026-01-01', image_url: '/media/p', thumb_url: '/media/q', image_sha256: '', recorded_at: '', receipt_status: 'pending' }],
        refunds: [{ id: 'f1', pledge_id: 'p1', amount_fen: 10000, refunded_on: '2026-03-04', recorded_at: '' }],
      },
      [{ id: 'l1', item: '材料', amount_fen: 100000, spent_fen: 90000 }],
    )
    expect(rows.map((r) => r.kind)).toEqual(['spending', 'refund', 'receipt', 'pledge', 'spending'])
    expect(rows[0].line).toBe('材料')
    expect(rows[0].thumb_url).toBe('/media/t')
    // A receipt image not yet published stays off the public list.
    expect([rows[4].thumb_url, rows[4].image_url]).toEqual([undefined, undefined])
    expect(rows[1].supporter).toBe('张**')
    expect(rows[2].supporter).toBe('张**')
  })
  it('knows what a pledge has left to receive and to refund', () => {
    expect(toReceive(pledge({ received_fen: 40000 }))).toBe(60000)
    expect(toReceive(pledge({ status: 'lapsed' }))).toBe(0)
    expect(toRefund(pledge({ received_fen: 40000, refunded_fen: 10000 }))).toBe(30000)
  })
  it('accumulates the progress buckets oldest first', () => {
    const s = cumulative([
      { starts_at: '2026-03-02T00:00:00Z', ends_at: '2026-03-03T00:00:00Z', donor_pledges: 1, donor_value_fen: 300, matches: 1, matched_fen: 300 },
      { starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-02T00:00:00Z', donor_pledges: 1, donor_value_fen: 100, matches: 0, matched_fen: 0 },
    ])
    expect(s.donors).toEqual([100, 400])
    expect(s.matched).toEqual([0, 300])
    expect(s.times).toEqual(['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'])
  })
  it('draws a polyline in the box, a single point as a flat line', () => {
    expect(polyline([], 100, 50, 10)).toBe('')
    expect(polyline([0, 5, 10], 100, 50, 10)).toBe('0,50 50,25 100,0')
    expect(polyline([5], 100, 50, 10)).toBe('0,25 100,25')
    expect(polyline([0, 0], 100, 50, 0)).toBe('0,50 100,50')
  })
  it('reads a ratio and a Beijing time', () => {
    expect(ratioText('1')).toBe('1')
    expect(ratioText('0.5')).toBe('0.5')
    expect(ratioText('1:1')).toBe('1')
    expect(ratioText('0')).toBeNull()
    expect(ratioText('abc')).toBeNull()
    expect(beijingLocal('2026-03-01T08:30')).toBe('2026-03-01T08:30:00+08:00')
    expect(beijingLocal('')).toBeNull()
  })
})
