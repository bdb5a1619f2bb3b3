import type { GradePrice, NearbyStation } from '@fuel/shared/client'

import { filterStations, nearestOpen, orderStations, pinLabel } from './home-logic'

const station = (id: number, distanceM: number, regular92: number, more: Partial<NearbyStation> = {}): NearbyStation =>
  ({
    id,
    distanceM,
    name: `站${id}`,
    address: `四川省成都市锦江区路${id}号`,
    openNow: true,
    ...more,
    prices: [{ grade: '92', regularFen: regular92, memberFen: { silver: regular92 - 10, gold: regular92 - 20, diamond: regular92 - 30 }, updatedAt: '' } as GradePrice],
  }) as NearbyStation

describe('home list order and pins', () => {
  it('keeps the price order true after a live change, ties broken by distance', () => {
    const list = [station(1, 300, 731), station(2, 900, 729), station(3, 100, 729)]
    expect(orderStations(list, 'price', '92').map((s) => s.id)).toEqual([3, 2, 1])
    expect(orderStations(list, 'distance', '92').map((s) => s.id)).toEqual([1, 2, 3])
  })

  it("labels a pin with the driver's own tier price", () => {
    expect(pinLabel(station(1, 0, 731), '92', 'gold')).toBe('¥7.11')
    expect(pinLabel(station(1, 0, 731), '92', null)).toBe('¥7.31')
    expect(pinLabel(station(1, 0, 731), '95', null)).toBe('站1')
  })

  it('filters to the stations open now and to those whose name or address holds every search word', () => {
    const list = [station(1, 300, 731, { name: '壳牌成都静安路加油站', openNow: false }), station(2, 900, 729, { name: '道达尔成都牛市口加油站' }), station(3, 100, 729, { name: '道达尔成都二仙桥加油站', address: '成华区二仙桥224号' })]
    expect(filterStations(list, { openOnly: true, search: '' }).map((s) => s.id)).toEqual([2, 3])
    expect(filterStations(list, { openOnly: false, search: ' 道达尔  成华 ' }).map((s) => s.id)).toEqual([3])
    expect(filterStations(list, { openOnly: false, search: '静安' }).map((s) => s.id)).toEqual([1])
    expect(filterStations(list, { openOnly: true, search: '静安' })).toEqual([])
  })

  it('sends 一键加油 to the nearest station open now, or nowhere when none is', () => {
    const list = [station(1, 100, 731, { openNow: false }), station(2, 900, 729), station(3, 400, 729)]
    expect(nearestOpen(list)?.id).toBe(3)
    expect(nearestOpen([station(1, 100, 731, { openNow: false })])).toBeNull()
  })
})
