"""Small but real image files for the demo sites, made in code with the standard library.

Pages must reference images that exist and decode, so a crawler that keeps page requisites
archives real PNG, GIF, JPEG and ICO bytes. Every generator is deterministic: the same
arguments give the same bytes, so WARC digests stay stable from run to run.
"""
from __future__ import annotations

import hashlib
import struct
import zlib
from importlib import resources

RGB = tuple[int, int, int]


def static_text(name: str) -> str:
    """A CSS/JS file shipped under sites/static/."""
    return resources.files("crawler.demo").joinpath("sites", "static", name).read_text(encoding="utf-8")


def png(width: int, height: int, fg: RGB, bg: RGB, stripes: int = 4) -> bytes:
    """An RGB PNG: a banded logo-like pattern (a plain rectangle would compress to nothing)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type None
        for x in range(width):
            on = (x * stripes // max(width, 1) + y * 2 // max(height, 1)) % 2 == 0
            rows.extend(fg if on else bg)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def gif(width: int, height: int, fg: RGB, bg: RGB) -> bytes:
    """A two-colour GIF89a with a checker pattern (width*height >= 1)."""
    pixels = [((x // 2 + y // 2) % 2) for y in range(height) for x in range(width)]
    data = _lzw_literal(pixels, min_size=2)
    blocks = b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, len(data), 255))
    palette = bytes(bg) + bytes(fg) + bytes(6)  # 4 entries: global table size field 1 → 2**2
    screen = struct.pack("<HHBBB", width, height, 0x81, 0, 0)
    image = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return b"GIF89a" + screen + palette + image + b"\x02" + blocks + b"\x00;"


def _lzw_literal(pixels: list[int], min_size: int) -> bytes:
    """An LZW stream without compression: every pixel is a literal code, and a clear code
    comes before the decoder's table would grow, so the code size never changes."""
    clear, end = 1 << min_size, (1 << min_size) + 1
    code_size, run = min_size + 1, (1 << min_size) - 2
    codes: list[int] = []
    for start in range(0, len(pixels), run):
        codes.append(clear)
        codes.extend(pixels[start:start + run])
    codes.append(end)
    bits = bitpos = 0
    data = bytearray()
    for code in codes:
        bits |= code << bitpos
        bitpos += code_size
        while bitpos >= 8:
            data.append(bits & 0xFF)
            bits >>= 8
            bitpos -= 8
    if bitpos:
        data.append(bits & 0xFF)
    return bytes(data)


def jpeg(width: int, height: int, seed: str) -> bytes:
    """A baseline greyscale JPEG whose 8x8 blocks are flat tones derived from ``seed``.

    Flat blocks need only a DC coefficient, so the encoder is small: one quantisation
    table, a DC Huffman table giving categories 0-8 4-bit codes, and an AC table holding
    only end-of-block. Width and height are rounded up to multiples of 8.
    """
    bw, bh = (width + 7) // 8, (height + 7) // 8
    digest = hashlib.sha256(seed.encode()).digest()
    tones = [60 + (digest[(bx * 3 + by * 5) % len(digest)] % 140) for by in range(bh) for bx in range(bw)]
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    # DC of a flat block is 8*(v-128); a DC quantiser of 8 makes the coefficient v-128.
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([8] + [1] * 63)
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, bh * 8, bw * 8, 1) + b"\x01\x11\x00"
    dc_bits = bytes([0, 0, 0, 9] + [0] * 12)  # nine 4-bit codes 0000..1000: no all-ones code
    ac_bits = bytes([1] + [0] * 15)           # one 1-bit code: end-of-block
    dht = (b"\xff\xc4" + struct.pack(">H", 2 + 17 + 9 + 17 + 1)
           + b"\x00" + dc_bits + bytes(range(9)) + b"\x10" + ac_bits + b"\x00")
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00"
    return b"\xff\xd8" + app0 + dqt + sof + dht + sos + _jpeg_scan(tones) + b"\xff\xd9"


def _jpeg_scan(tones: list[int]) -> bytes:
    """Entropy-coded data for flat blocks: DC difference (category code + bits), then EOB."""
    bits = []
    previous = 0
    for tone in tones:
        diff, previous = (tone - 128) - previous, tone - 128
        category = abs(diff).bit_length()
        bits.append(format(category, "04b"))
        if category:
            bits.append(format(diff if diff > 0 else diff + (1 << category) - 1, f"0{category}b"))
        bits.append("0")  # end of block
    stream = "".join(bits)
    stream += "1" * (-len(stream) % 8)
    scan = bytearray()
    for i in range(0, len(stream), 8):
        scan.append(int(stream[i:i + 8], 2))
        if scan[-1] == 0xFF:
            scan.append(0)  # byte stuffing
    return bytes(scan)


def favicon(fg: RGB, bg: RGB) -> bytes:
    """A 16x16 .ico holding one PNG image (the PNG-in-ICO form every current browser reads)."""
    image = png(16, 16, fg, bg, stripes=2)
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(image), 6 + 16)
    return header + entry + image
