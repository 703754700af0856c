"""Near duplicates: MinHash over character 5-grams of the normalized Simplified text, with LSH bands.

The bands live in the database (table `lsh_bands`), so lookups work the same on SQLite and
PostgreSQL, survive restarts, and cost one indexed query per document however large the store.

Parameters, tuned on the demo sites: 128 permutations in 32 bands of 4 rows. Two texts whose
5-gram Jaccard similarity is s become candidates with probability 1 - (1 - s^4)^32: 0.87 at
s = 0.5, 0.99 at s = 0.6, 0.005 at s = 0.1. A candidate joins the cluster when its estimated
similarity is at least THRESHOLD. The same article with other chrome, another script or a few
edited sentences scores 0.7-1.0; different articles on the same topic score below 0.15.
"""
from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.5
SEED = 20261125  # fixed forever: stored signatures must stay comparable

# The hash family is our own (the classic a*x + b mod a Mersenne prime, as in datasketch) rather than
# a library's, so that a library upgrade can never make years of stored signatures incomparable.
# numpy's legacy RandomState stream is frozen by numpy's compatibility policy.
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64((1 << 32) - 1)
_rng = np.random.RandomState(SEED)
_A = _rng.randint(1, (1 << 61) - 1, NUM_PERM, dtype=np.uint64)
_B = _rng.randint(0, (1 << 61) - 1, NUM_PERM, dtype=np.uint64)

# Punctuation and white space carry no identity and differ between copies (full/half width).
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    compact = _NOISE.sub("", text)
    if len(compact) <= size:
        return {compact.encode("utf-8")} if compact else set()
    return {compact[i:i + size].encode("utf-8") for i in range(len(compact) - size + 1)}


def signature(text: str) -> np.ndarray:
    """128 uint32 minimum hashes; the same text always gives the same signature."""
    grams = shingles(text)
    if not grams:
        return np.full(NUM_PERM, _MASK, dtype=np.uint32)
    # sorted, so the arithmetic order (and so the result) never depends on set iteration order
    base = np.fromiter((zlib.crc32(g) for g in sorted(grams)), dtype=np.uint64, count=len(grams))
    with np.errstate(over="ignore"):  # uint64 wrap-around is part of the hash family
        permuted = ((base[:, None] * _A + _B) % _PRIME) & _MASK
    return permuted.min(axis=0).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit bucket key per band (fits a BIGINT on every database)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS:(band + 1) * ROWS].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1)
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
