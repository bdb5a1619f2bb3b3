"""Draws the demo stations' photos (PNG) so the demo needs no image from outside: python3 scripts/station-photos.py
Six stations × two views (front: canopy and pumps; shop: the convenience store), brand colours varying."""
import struct, zlib

W, H = 600, 320
BRANDS = [(0xe4, 0x39, 0x3c), (0x00, 0x6e, 0xb8), (0xf5, 0xa6, 0x23), (0x2e, 0x9e, 0x4f), (0xd9, 0x1e, 0x18), (0x6b, 0x3f, 0xa0)]

def write(path, pixel):
    raw = bytearray()
    for y in range(H):
        raw.append(0)
        for x in range(W):
            raw += bytes(pixel(x, y))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b''))

def sky(y):
    t = y / H
    return (int(120 + 100 * t), int(180 + 60 * t), int(235 + 15 * t))

def front(brand):
    def pixel(x, y):
        if 70 <= y < 100 and 60 <= x < 540: return brand                     # canopy fascia
        if 100 <= y < 108 and 60 <= x < 540: return (240, 240, 240)           # canopy underside
        for cx in (150, 300, 450):
            if 108 <= y < 250 and cx - 6 <= x < cx + 6: return (200, 200, 205)  # columns
            if 180 <= y < 250 and cx - 34 <= x < cx - 12: return (250, 250, 250) if y > 190 else brand  # pumps
        if y >= 250: return (90, 95, 100) if (x // 40 + y // 30) % 7 else (230, 230, 120)  # forecourt with markings
        return sky(y)
    return pixel

def shop(brand):
    def pixel(x, y):
        if 90 <= y < 120 and 80 <= x < 520: return brand                      # shop sign
        if 120 <= y < 260 and 80 <= x < 520:
            if 150 <= y < 240 and ((110 <= x < 250) or (350 <= x < 490)): return (170, 215, 240)  # windows
            if 150 <= y < 260 and 270 <= x < 330: return (120, 120, 130)          # door
            return (245, 243, 238)
        if y >= 260: return (150, 150, 150)
        return sky(y)
    return pixel

for n, brand in enumerate(BRANDS, start=1):
    write(f'src/static/stations/{n}-front.png', front(brand))
    write(f'src/static/stations/{n}-shop.png', shop(brand))
