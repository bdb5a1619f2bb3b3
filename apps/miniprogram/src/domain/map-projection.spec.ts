import { labelWidth, placeLabels, type PlacedLabel } from './map-projection'

const overlap = (a: PlacedLabel, b: PlacedLabel) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height

describe('price bubbles on the offline map', () => {
  const label = (x: number, y: number, text = '¥7.29') => ({ x, y, width: labelWidth(text, 4.2), height: 5.8 })

  it('keeps the bubbles of pins close together clear of each other and of every pin, inside the map', () => {
    // The home screen's crowded corner (issue 23: "¥7.29¥7.25"), a pin at the top edge, and a tight cluster.
    const requests = [label(57, 14), label(61, 12.5), label(70, 30), label(50, 50), label(54, 51), label(47, 53)]
    const placed = placeLabels(requests, 100)
    const pins = requests.map((r) => ({ left: r.x - 3.2, top: r.y - 9, width: 6.4, height: 9 }))
    for (const [i, box] of placed.entries()) {
      expect(box.left).toBeGreaterThanOrEqual(0)
      expect(box.top).toBeGreaterThanOrEqual(0)
      expect(box.left + box.width).toBeLessThanOrEqual(100)
      expect(box.top + box.height).toBeLessThanOrEqual(100)
      for (const [j, other] of placed.entries()) if (i !== j) expect(overlap(box, other)).toBe(false)
    }
    for (const box of placed) for (const pin of pins) expect(overlap(box, pin)).toBe(false)
  })

  it('puts a lone bubble above its pin, and below it at the top edge', () => {
    const [middle, top] = placeLabels([label(50, 60), label(20, 8)], 100)
    expect(middle.top + middle.height).toBeLessThan(60 - 9)
    expect(top.top).toBeGreaterThan(8)
  })

  it('measures CJK text wider than digits', () => {
    expect(labelWidth('壳牌', 4)).toBeGreaterThan(labelWidth('72', 4))
  })
})
