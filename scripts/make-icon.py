#!/usr/bin/env python3
"""Draws Slotline's app icon (build/icon.png, 512x512) with the standard library only:
a dark rounded tile crossed by a strip of hash-slot ranges in three master colours."""
import struct
import zlib

SIZE = 512
BG = (24, 28, 38)
COLORS = [(76, 154, 255), (255, 167, 38), (102, 187, 106)]
RADIUS = 96


def inside_rounded(x, y):
    r = RADIUS
    cx = min(max(x, r), SIZE - 1 - r)
    cy = min(max(y, r), SIZE - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def pixel(x, y):
    if not inside_rounded(x, y):
        return (0, 0, 0, 0)
    # Four rows of slot strips; ownership boundaries shift per row like a slot map.
    for row in range(4):
        top = 120 + row * 72
        if top <= y < top + 48 and 64 <= x < SIZE - 64:
            span = (SIZE - 128)
            pos = (x - 64 + row * 53) % span
            owner = min(2, pos * 3 // span)
            return COLORS[owner] + (255,)
    return BG + (255,)


rows = bytearray()
for y in range(SIZE):
    rows.append(0)
    for x in range(SIZE):
        rows.extend(pixel(x, y))


def chunk(kind, data):
    c = struct.pack('>I', len(data)) + kind + data
    return c + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0))
png += chunk(b'IDAT', zlib.compress(bytes(rows), 9)) + chunk(b'IEND', b'')
open('build/icon.png', 'wb').write(png)
print('wrote build/icon.png')
