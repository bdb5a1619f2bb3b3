"""Draws the tab bar icons and the map marker (PNG, transparent) so no binary comes from outside:
python3 scripts/tab-icons.py"""
import struct, zlib

SIZE = 81

def png(path, inside, rgb, SIZE=SIZE):
    rows = []
    for y in range(SIZE):
        row = bytearray([0])
        for x in range(SIZE):
            # 4x supersampling for smooth edges
            hits = sum(inside((x + (i % 2 + 0.5) / 2) / SIZE, (y + (i // 2 + 0.5) / 2) / SIZE) for i in range(4))
            row += bytes(rgb) + bytes([hits * 255 // 4])
        rows.append(bytes(row))
    raw = b''.join(rows)
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))

def home(x, y):
    roof = y >= 0.12 and y <= 0.48 and abs(x - 0.5) <= (y - 0.12) * 1.15
    body = 0.46 <= y <= 0.86 and 0.24 <= x <= 0.76
    door = 0.62 <= y <= 0.86 and 0.43 <= x <= 0.57
    return (roof or body) and not door

def me(x, y):
    head = (x - 0.5) ** 2 + (y - 0.32) ** 2 <= 0.17 ** 2
    body = y >= 0.58 and y <= 0.88 and (x - 0.5) ** 2 + ((y - 0.88) / 1.0) ** 2 <= 0.33 ** 2
    return head or body

def mall(x, y):
    bag = 0.36 <= y <= 0.88 and 0.2 <= x <= 0.8
    handle = 0.12 <= y <= 0.42 and 0.16 ** 2 <= (x - 0.5) ** 2 + (y - 0.36) ** 2 <= 0.22 ** 2 and y <= 0.36
    slot = 0.5 <= y <= 0.56 and 0.3 <= x <= 0.7
    return (bag and not slot) or handle

for name, shape in (('home', home), ('mall', mall), ('me', me)):
    png(f'src/assets/tab-{name}.png', shape, (0x8a, 0x8f, 0x99))
    png(f'src/assets/tab-{name}-active.png', shape, (0xe4, 0x39, 0x3c))

def pin(x, y):
    head = (x - 0.5) ** 2 + (y - 0.36) ** 2 <= 0.3 ** 2
    tip = 0.36 <= y <= 0.95 and abs(x - 0.5) <= 0.3 * (0.95 - y) / 0.59
    hole = (x - 0.5) ** 2 + (y - 0.36) ** 2 <= 0.12 ** 2
    return (head or tip) and not hole

png('src/assets/marker.png', pin, (0xe4, 0x39, 0x3c), SIZE=48)
