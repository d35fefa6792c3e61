"""QR code symbols (ISO/IEC 18004, model 2, error correction level M) encoded in pure Python.

Why not a library: every dynamic payment QR is drawn while a shopper waits at a stall, and the
C++ encoders on PyPI (zxing-cpp, libzint) spend 0.2-0.3 ms on a VietQR payload, mostly choosing
among the eight masks one module at a time. Here the symbol is a Python integer, one bit per
module, so a mask is one XOR and each penalty rule a handful of whole-symbol shifts, ANDs and
popcounts; the per-version layout (function patterns, the zigzag order of data modules, the mask
bits) is worked out once and cached. Tested module for module against the ``qrcode`` package.

Layout of the integer (and of its binary string, most significant bit first): four padding
columns, then each row as ``side`` modules followed by eight padding columns. Padding is never
dark and never light, so runs and patterns cannot wrap from one row into the next, and a slice
of ``side + 8`` characters from ``row * (side + 8)`` is the row with four padding columns on
either side: the quiet zone a picture of the code needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter

__all__ = ["QUIET_ZONE", "QRSymbol", "QRSymbolError", "encode"]

QUIET_ZONE = 4  # modules of light margin around a symbol, as ISO/IEC 18004 asks
_PAD = 2 * QUIET_ZONE  # padding columns after each row of the integer layout

# Level M: error correction codewords per block, and number of blocks, by version 1-40.
_EC_PER_BLOCK = (
    10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
    26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
)  # fmt: skip
_BLOCKS = (
    1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
    17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
)  # fmt: skip
_EC_LEVEL_BITS = 0b00  # level M in the format information

_NUMERIC, _ALPHANUMERIC, _BYTE = 0b0001, 0b0010, 0b0100
_ALPHANUMERIC_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALPHANUMERIC_VALUE = {char: index for index, char in enumerate(_ALPHANUMERIC_CHARS)}
# Runs of one character class: digits, other alphanumeric characters, anything else.
_DARK_RUN = re.compile("1+")
_RUNS = re.compile(r"([0-9]+)|([A-Z $%*+\-./:]+)|([^0-9A-Z $%*+\-./:]+)")


class QRSymbolError(ValueError):
    """The text cannot be made into a QR code (empty, or too long for version 40)."""


@dataclass(frozen=True)
class QRSymbol:
    """An encoded symbol: ``bits`` is the binary-string layout described in the module docstring
    ('1' dark, '0' light or padding), ``side`` its size in modules, ``version`` 1-40, ``mask`` 0-7.
    """

    version: int
    mask: int
    side: int
    bits: str

    @property
    def stride(self) -> int:
        """Characters from one row of ``bits`` to the next."""
        return self.side + _PAD

    def rows(self) -> list[str]:
        """Each row of modules, quiet zone excluded ('1' dark)."""
        starts = range(QUIET_ZONE, QUIET_ZONE + self.side * self.stride, self.stride)
        return [self.bits[start : start + self.side] for start in starts]

    def dark_runs(self) -> list[tuple[int, int, int]]:
        """``(row, column, length)`` of each horizontal run of dark modules, quiet zone
        excluded: what a vector drawing (SVG path, PDF rectangles) draws."""
        return [
            (row, run.start(), run.end() - run.start())
            for row, modules in enumerate(self.rows())
            for run in _DARK_RUN.finditer(modules)
        ]


def _count_bits(mode: int, version: int) -> int:
    group = 0 if version <= 9 else 1 if version <= 26 else 2
    return {_NUMERIC: (10, 12, 14), _ALPHANUMERIC: (9, 11, 13), _BYTE: (8, 16, 16)}[mode][group]


# --- Segments: which parts of the text go in numeric, alphanumeric or byte mode ------------------


def _segments(text: str) -> list[tuple[int, str]]:
    """The text cut into (mode, text) segments that keep the bit stream short.

    Works on runs of one character class (a VietQR payload has about twenty) rather than on single
    characters: each run may go in its own mode or any wider one, and a change of mode costs a
    segment header. A small dynamic programme over the runs picks the cheapest, with the header
    sizes of versions 1-9, where payment codes live."""
    runs = _RUNS.findall(text)
    modes = (_NUMERIC, _ALPHANUMERIC, _BYTE)
    header = (4 + 10, 4 + 9, 4 + 8)
    infinity = float("inf")
    cost = [0.0, 0.0, 0.0]
    paths: list[list[int]] = [[], [], []]
    started = False  # the first segment pays its header whatever the mode
    for digits, alphanumeric, other in runs:
        run = digits or alphanumeric or other
        length = len(run)
        byte_length = length if other.isascii() else len(run.encode())
        run_cost = (
            length * 10 / 3 if digits else infinity,
            length * 5.5 if not other else infinity,
            byte_length * 8.0,
        )
        new_cost = [infinity, infinity, infinity]
        new_paths: list[list[int]] = [[], [], []]
        for mode in range(3):
            if run_cost[mode] == infinity:
                continue
            best, previous = infinity, 0
            for before in range(3):
                candidate = cost[before] + (0 if started and before == mode else header[mode])
                if candidate < best:
                    best, previous = candidate, before
            new_cost[mode] = best + run_cost[mode]
            new_paths[mode] = paths[previous] + [mode]
        cost, paths, started = new_cost, new_paths, True
    choice = paths[min(range(3), key=cost.__getitem__)]
    segments: list[tuple[int, str]] = []
    for (digits, alphanumeric, other), mode_index in zip(runs, choice, strict=True):
        run = digits or alphanumeric or other
        mode = modes[mode_index]
        if segments and segments[-1][0] == mode:
            segments[-1] = (mode, segments[-1][1] + run)
        else:
            segments.append((mode, run))
    return segments


def _segment_bits(segments: list[tuple[int, str]], version: int) -> tuple[int, int]:
    """The data bit stream (mode indicators, counts and data) as an integer, and its length."""
    stream = 0
    length = 0
    for mode, text in segments:
        if mode == _BYTE:
            data = text.encode()
            count_bits = _count_bits(mode, version)
            stream = (stream << (4 + count_bits)) | (mode << count_bits) | len(data)
            stream = (stream << (8 * len(data))) | int.from_bytes(data, "big")
            length += 4 + count_bits + 8 * len(data)
            continue
        count_bits = _count_bits(mode, version)
        stream = (stream << (4 + count_bits)) | (mode << count_bits) | len(text)
        length += 4 + count_bits
        if mode == _NUMERIC:
            whole = len(text) - len(text) % 3
            for start in range(0, whole, 3):
                stream = (stream << 10) | int(text[start : start + 3])
            rest = text[whole:]
            if rest:
                stream = (stream << (3 * len(rest) + 1)) | int(rest)
            length += 10 * (whole // 3) + (3 * len(rest) + 1 if rest else 0)
        else:
            value = _ALPHANUMERIC_VALUE
            for start in range(0, len(text) - 1, 2):
                stream = (stream << 11) | (value[text[start]] * 45 + value[text[start + 1]])
            if len(text) % 2:
                stream = (stream << 6) | value[text[-1]]
            length += 11 * (len(text) // 2) + 6 * (len(text) % 2)
    return stream, length


# --- Error correction ----------------------------------------------------------------------------


def _gf_tables() -> tuple[list[int], list[int]]:
    exp = [0] * 512
    log = [0] * 256
    value = 1
    for power in range(255):
        exp[power] = value
        log[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


_EXP, _LOG = _gf_tables()


@cache
def _ec_table(degree: int) -> tuple[int, ...]:
    """For each byte value f: the generator polynomial's lower ``degree`` coefficients times f,
    as one big-endian integer, so a division step is one shift and one XOR."""
    generator = [1]
    for power in range(degree):
        product = [0] * (len(generator) + 1)
        for index, coefficient in enumerate(generator):
            product[index] ^= coefficient
            if coefficient:
                product[index + 1] ^= _EXP[_LOG[coefficient] + power]
        generator = product
    lower = generator[1:]
    table = []
    for factor in range(256):
        if factor == 0:
            table.append(0)
            continue
        scaled = bytes(_EXP[_LOG[factor] + _LOG[c]] if c else 0 for c in lower)
        table.append(int.from_bytes(scaled, "big"))
    return tuple(table)


def _error_correction(block: bytes, degree: int) -> bytes:
    table = _ec_table(degree)
    top = 8 * (degree - 1)
    keep = (1 << (8 * degree)) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & keep) ^ table[byte ^ (remainder >> top)]
    return remainder.to_bytes(degree, "big")


# --- Per-version layout --------------------------------------------------------------------------


def _raw_data_modules(version: int) -> int:
    modules = (16 * version + 128) * version + 64
    if version >= 2:
        alignments = version // 7 + 2
        modules -= (25 * alignments - 10) * alignments - 55
        if version >= 7:
            modules -= 36
    return modules


def _data_codewords(version: int) -> int:
    """Data codewords a level-M symbol of ``version`` holds."""
    total = _raw_data_modules(version) // 8
    return total - _EC_PER_BLOCK[version - 1] * _BLOCKS[version - 1]


def _alignment_positions(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    side = 4 * version + 17
    return [6] + [side - 7 - step * index for index in range(count - 2, -1, -1)]


def _format_bits(mask: int) -> int:
    data = (_EC_LEVEL_BITS << 3) | mask
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    return ((data << 10) | remainder) ^ 0x5412


def _version_bits(version: int) -> int:
    remainder = version
    for _ in range(12):
        remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25)
    return (version << 12) | remainder


_MASKS = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)


@dataclass(frozen=True)
class _Layout:
    side: int
    stride: int
    length: int  # characters in the binary-string layout
    data_modules: int
    place: itemgetter  # picks the layout's characters from data bits + "01"
    masks: tuple[int, ...]  # data modules each mask flips
    formats: tuple[int, ...]  # dark format-information modules for each mask
    symbol_area: int  # every module of the symbol (padding excluded)


@lru_cache(maxsize=40)
def _layout(version: int) -> _Layout:
    side = 4 * version + 17
    stride = side + _PAD
    length = QUIET_ZONE + side * stride
    dark = [[False] * side for _ in range(side)]
    reserved = [[False] * side for _ in range(side)]

    def function_module(x: int, y: int, is_dark: bool) -> None:
        dark[y][x] = is_dark
        reserved[y][x] = True

    for index in range(side):  # timing patterns
        function_module(6, index, index % 2 == 0)
        function_module(index, 6, index % 2 == 0)
    for cx, cy in ((3, 3), (side - 4, 3), (3, side - 4)):  # finders with their separators
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                x, y = cx + dx, cy + dy
                if 0 <= x < side and 0 <= y < side:
                    function_module(x, y, max(abs(dx), abs(dy)) not in (2, 4))
    positions = _alignment_positions(version)
    last = len(positions) - 1
    for i, cx in enumerate(positions):
        for j, cy in enumerate(positions):
            if (i, j) in ((0, 0), (0, last), (last, 0)):
                continue  # those corners hold finders
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    function_module(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1)
    format_cells = (
        [(8, i) for i in range(6)]
        + [(8, 7), (8, 8), (7, 8)]
        + [(14 - i, 8) for i in range(9, 15)]
        + [(side - 1 - i, 8) for i in range(8)]
        + [(8, side - 15 + i) for i in range(8, 15)]
    )
    format_bit = [*range(15), *range(15)]  # which bit of the format information each cell shows
    for x, y in format_cells:
        function_module(x, y, False)  # drawn per mask below
    function_module(8, side - 8, True)  # the dark module
    if version >= 7:
        bits = _version_bits(version)
        for i in range(18):
            bit = (bits >> i) & 1 == 1
            a, b = side - 11 + i % 3, i // 3
            function_module(a, b, bit)
            function_module(b, a, bit)

    def position(x: int, y: int) -> int:
        return QUIET_ZONE + y * stride + x

    # The zigzag order of data modules, from the bottom-right corner.
    order: list[tuple[int, int]] = []
    right = side - 1
    while right >= 1:
        if right == 6:
            right = 5
        for vertical in range(side):
            for j in range(2):
                x = right - j
                upward = ((right + 1) & 2) == 0
                y = side - 1 - vertical if upward else vertical
                if not reserved[y][x]:
                    order.append((x, y))
        right -= 2
    data_modules = len(order)
    light_index, dark_index = data_modules, data_modules + 1
    source = [light_index] * length
    for y in range(side):
        for x in range(side):
            if dark[y][x]:
                source[position(x, y)] = dark_index
    for index, (x, y) in enumerate(order):
        source[position(x, y)] = index

    def as_integer(cells) -> int:
        chars = ["0"] * length
        for x, y in cells:
            chars[position(x, y)] = "1"
        return int("".join(chars), 2)

    masks = tuple(as_integer((x, y) for x, y in order if rule(x, y)) for rule in _MASKS)
    formats = []
    for mask in range(8):
        bits = _format_bits(mask)
        cells = [cell for cell, i in zip(format_cells, format_bit, strict=True) if (bits >> i) & 1]
        formats.append(as_integer(cells))
    return _Layout(
        side=side,
        stride=stride,
        length=length,
        data_modules=data_modules,
        place=itemgetter(*source),
        masks=masks,
        formats=tuple(formats),
        symbol_area=as_integer((x, y) for y in range(side) for x in range(side)),
    )


# --- Mask choice ---------------------------------------------------------------------------------


def _penalty(dark: int, light: int, stride: int, area: int) -> int:
    """ISO/IEC 18004's four penalty rules over the whole symbol at once.

    ``dark`` and ``light`` have a bit set for each module of that colour; padding is in neither,
    so runs stop at row ends. N1: runs of five or more of one colour, 3 + (length - 5) each.
    N2: 2x2 blocks of one colour, 3 each. N3: 1:1:3:1:1 finder-like patterns with four light
    modules on one side, 40 each. N4: 10 for each full 5 % the dark share is away from half."""
    score = 0
    runs_of_four: dict[tuple[int, int], int] = {}  # (is light, step): starts of 4-runs
    for is_light, colour in enumerate((dark, light)):
        for step in (1, stride):
            two = colour & (colour >> step)
            four = two & (two >> 2 * step)
            five = four & (colour >> 4 * step)
            # Each run of length n >= 5 sets n - 4 bits in `five`; count those and 2 per run.
            score += five.bit_count() + 2 * (five & ~(five << step)).bit_count()
            if step == 1:
                score += 3 * (two & (two >> stride)).bit_count()  # 2x2 blocks
            runs_of_four[is_light, step] = four
    for step in (1, stride):
        core = (  # dark, light, dark, dark, dark, light, dark
            dark
            & (light >> step)
            & (dark >> 2 * step)
            & (dark >> 3 * step)
            & (dark >> 4 * step)
            & (light >> 5 * step)
            & (dark >> 6 * step)
        )
        if core:
            four_light = runs_of_four[1, step]
            score += 40 * (
                (core & (four_light >> 7 * step)).bit_count()
                + (four_light & (core >> 4 * step)).bit_count()
            )
    dark_count = dark.bit_count()
    total = area.bit_count()
    score += 10 * (abs(20 * dark_count - 10 * total) // total)
    return score


# --- Encoding ------------------------------------------------------------------------------------


def _codewords(segments: list[tuple[int, str]]) -> tuple[int, bytes]:
    """The smallest version that holds the segments, and its data codewords."""
    for version in range(1, 41):
        if version in (1, 10, 27):  # the count fields widen at these versions
            stream, length = _segment_bits(segments, version)
        capacity = 8 * _data_codewords(version)
        if length <= capacity:
            break
    else:
        raise QRSymbolError("The text is too long for a QR code.")
    terminator = min(4, capacity - length)
    stream <<= terminator
    length += terminator
    stream <<= -length % 8
    length += -length % 8
    pad_bytes = (capacity - length) // 8
    padding = (b"\xec\x11" * (pad_bytes // 2 + 1))[:pad_bytes]
    data = stream.to_bytes(length // 8, "big") + padding
    return version, data


def _interleave(version: int, data: bytes) -> bytes:
    blocks = _BLOCKS[version - 1]
    degree = _EC_PER_BLOCK[version - 1]
    total = _raw_data_modules(version) // 8
    short_length = total // blocks - degree  # data codewords in a short block
    short_blocks = blocks - total % blocks
    pieces = []
    start = 0
    for index in range(blocks):
        length = short_length + (index >= short_blocks)
        pieces.append(data[start : start + length])
        start += length
    interleaved = bytearray(len(data) + blocks * degree)
    common = short_length * blocks
    for index, piece in enumerate(pieces):
        interleaved[index:common:blocks] = piece[:short_length]
    for offset, piece in enumerate(pieces[short_blocks:]):
        interleaved[common + offset] = piece[short_length]
    start = len(data)
    for index, piece in enumerate(pieces):
        interleaved[start + index :: blocks] = _error_correction(piece, degree)
    return bytes(interleaved)


def encode(text: str, *, mask: int | None = None) -> QRSymbol:
    """The QR code (level M) for ``text``: the smallest version that holds it, and the mask with
    the lowest penalty unless ``mask`` (0-7) is given. Text that is not plain ASCII is stored
    as UTF-8 bytes."""
    if not isinstance(text, str) or not text:
        raise QRSymbolError("A QR code needs some text to hold.")
    if mask is not None and (type(mask) is not int or not 0 <= mask <= 7):
        raise QRSymbolError("A QR mask is a number from 0 to 7.")
    version, data = _codewords(_segments(text))
    codewords = _interleave(version, data)
    layout = _layout(version)
    bits = format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b")
    bits += "0" * (layout.data_modules - len(bits)) + "01"
    unmasked = int("".join(layout.place(bits)), 2)
    if mask is None:
        best = None
        for candidate in range(8):
            dark = unmasked ^ layout.masks[candidate] | layout.formats[candidate]
            score = _penalty(dark, layout.symbol_area ^ dark, layout.stride, layout.symbol_area)
            if best is None or score < best[0]:
                best = (score, candidate, dark)
        _, mask, dark = best
    else:
        dark = unmasked ^ layout.masks[mask] | layout.formats[mask]
    return QRSymbol(
        version=version, mask=mask, side=layout.side, bits=format(dark, f"0{layout.length}b")
    )
