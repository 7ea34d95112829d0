import { describe, expect, it } from 'vitest'
import { orderMoves, parseYuan, perUnit, phoneLooksRight, stars, totalFen, yuanInput } from './products'

describe('prices', () => {
  it('read yuan as typed into fen, without floating point', () => {
    expect(parseYuan('36')).toBe(3600)
    expect(parseYuan('36.5')).toBe(3650)
    expect(parseYuan('0.07')).toBe(7)
    expect(parseYuan(' ¥1,280.00 ')).toBe(128000)
    expect(parseYuan('３６．８元')).toBe(3680)
    expect(parseYuan('19.99')).toBe(1999)
    expect(parseYuan('36.')).toBe(3600)
  })

  it('refuse what is not a price', () => {
    for (const bad of ['', 'abc', '-3', '1.234', '1e3', '3 6 .5 x', '.5']) expect(parseYuan(bad), bad).toBeNull()
  })

  it('show back what a price box holds, and a price per unit', () => {
    expect(yuanInput(3600)).toBe('36')
    expect(yuanInput(3650)).toBe('36.50')
    expect(yuanInput(null)).toBe('')
    expect(perUnit(3600, '公斤', 'zh-CN')).toBe('¥36 / 公斤')
    expect(perUnit(1999, 'box', 'en-US')).toBe('¥19.99 / box')
    expect(totalFen(3600, 3)).toBe(10800)
    expect(totalFen(1999, 3)).toBe(5997)
  })
})

describe('orders', () => {
  it('check a delivery phone as the server does', () => {
    expect(phoneLooksRight('13800138000')).toBe(true)
    expect(phoneLooksRight('+86 138-0013-8000')).toBe(true)
    expect(phoneLooksRight('12345')).toBe(false)
    expect(phoneLooksRight('138abc38000')).toBe(false)
  })

  it('offer each party only its moves', () => {
    expect(orderMoves('placed', 'seller')).toEqual(['paid', 'cancel'])
    expect(orderMoves('paid', 'seller')).toEqual(['ship', 'cancel'])
    expect(orderMoves('shipped', 'seller')).toEqual([])
    expect(orderMoves('placed', 'buyer')).toEqual(['cancel'])
    expect(orderMoves('paid', 'buyer')).toEqual([])
    expect(orderMoves('shipped', 'buyer')).toEqual(['receive'])
    expect(orderMoves('received', 'buyer')).toEqual([])
  })

  it('draw a rating as stars', () => {
    expect(stars(4)).toBe('★★★★☆')
    expect(stars(9)).toBe('★★★★★')
  })
})
