import type { GradePrice, NearbyStation } from '@fuel/shared/client'

import { orderStations, pinLabel } from './home-logic'

const station = (id: number, distanceM: number, regular92: number): NearbyStation =>
  ({
    id,
    distanceM,
    name: `站${id}`,
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
})
