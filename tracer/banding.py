"""LSH banding of window signatures: datasketch's parameters and datasketch's bucket hashing.

The rows per band come from datasketch's `MinHashLSH(threshold, num_perm)`, in as many bands as the
permutations hold (see `Banding.for_threshold`), and a band's
bucket is `hashfunc(bytes(values.byteswap().data))`, as datasketch computes it, with `band_hash` as
the `hashfunc`. So `Banding.lsh(storage_config)` is a datasketch MinHashLSH that finds the buckets
the index writes (the Redis store uses datasketch's key layout); `trace` groups windows by the same buckets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

import numpy as np

from .errors import SettingsError

if TYPE_CHECKING:
    from datasketch import MinHashLSH

DATASKETCH_ROWS = {("2.0.0", 0.3, 128): 3}
"""The rows per band datasketch's `MinHashLSH(threshold, num_perm)` picks, by (datasketch version, threshold,
num_perm), for the default settings: datasketch picks them by integrating with SciPy, and importing datasketch's
LSH and SciPy's integrators is about 40% of a trace of a few articles or a `check --against`. A test checks each
entry for the installed datasketch against `MinHashLSH`; another version or other settings ask datasketch.
"""

def band_hash(band: bytes) -> bytes:
    """The `hashfunc` given to datasketch: 8 bytes mixing a band's big-endian 32-bit words.

    >>> band_hash(bytes(range(12))).hex()
    'ac9e6c2cd1aa3122'
    """
    words = np.frombuffer(band, dtype=">u4").astype(np.uint64).reshape(1, -1)
    return int(row_hash(words)[0]).to_bytes(8, "big")


def row_hash(words: np.ndarray) -> np.ndarray:
    """One 64-bit hash per row of 32-bit words (a multiply-xorshift fold, then splitmix64's finaliser)."""
    h = np.full(len(words), _SEED, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in words.T:
            h = (h ^ column) * _MUL
            h ^= h >> np.uint64(29)
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h


_SEED, _MUL = np.uint64(0x7472616365722D62), np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=1)
def datasketch_version() -> str:
    """The installed datasketch's version (from its metadata: datasketch itself is not imported)."""
    try:
        return version("datasketch")
    except PackageNotFoundError:  # pragma: no cover - datasketch is a dependency
        return "unknown"


@dataclass(frozen=True)
class Banding:
    """`bands` bands of `rows` MinHash values each, out of `num_perm`."""

    num_perm: int
    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float, num_perm: int) -> Banding:
        """The rows per band datasketch's `MinHashLSH(threshold, num_perm)` chooses, in as many bands as the
        permutations hold (`MinHashLSH(params=...)` takes them). datasketch weighs a chance collision as much as a
        missed pair, but here every colliding window pair is confirmed by its estimate and a chance one dropped
        for the cost of that estimate, while a missed one loses reuse for good: more bands of the same rows raise
        the chance that similar windows collide, at every similarity, for work that grows with the bands only.
        At threshold 0.3 and 128 permutations: 42 bands of 3 rows where datasketch picks 37, so a window pair of
        Jaccard 0.3 collides with probability 0.68 instead of 0.64, one of 0.25 with 0.48 instead of 0.44.

        >>> Banding.for_threshold(0.3, 128), Banding.for_threshold(0.5, 128)
        (Banding(num_perm=128, bands=42, rows=3), Banding(num_perm=128, bands=25, rows=5))
        """
        rows = DATASKETCH_ROWS.get((datasketch_version(), threshold, num_perm))
        if rows is not None:
            return cls(num_perm, num_perm // rows, rows)
        from datasketch import MinHashLSH  # imported when needed: datasketch imports SciPy's integrators

        try:
            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        except ValueError as e:  # a threshold so near 1 that no two bands fit the permutations
            raise SettingsError(f"no LSH banding for threshold {threshold} with {num_perm} permutations ({e}); "
                                f"use a lower threshold") from None
        return cls(num_perm, num_perm // lsh.r, lsh.r)

    def lsh(self, storage_config: dict | None = None, basename: bytes | None = None) -> MinHashLSH:
        """A datasketch MinHashLSH with these bands that hashes buckets as `buckets` does."""
        from datasketch import MinHashLSH

        config = dict(storage_config or {"type": "dict"})
        if basename is not None:
            config["basename"] = basename
        return MinHashLSH(num_perm=self.num_perm, params=(self.bands, self.rows), storage_config=config,
                          prepickle=False, hashfunc=band_hash)

    def band(self, signatures: np.ndarray, band: int) -> np.ndarray:
        """The bucket of each window in one band: column `band` of `buckets`, without hashing the others.

        >>> b, values = Banding(8, 2, 3), np.arange(16, dtype=np.uint32).reshape(2, 8)
        >>> all((b.band(v, 1) == b.buckets(v)[:, 1]).all() for v in (values, values.astype(np.int64)))
        True
        """
        return self._words_hashed(signatures[:, band * self.rows : (band + 1) * self.rows], 1)[:, 0]

    def buckets(self, signatures: np.ndarray) -> np.ndarray:
        """The bucket of each window in each band: an (windows, bands) array of 64-bit digests.

        >>> b = Banding(8, 2, 3)
        >>> b.buckets(np.arange(16, dtype=np.uint32).reshape(2, 8)).shape
        (2, 2)
        >>> b.buckets(np.zeros((0, 8), dtype=np.uint32)).shape  # a text too short for a window
        (0, 2)
        """
        return self._words_hashed(signatures[:, : self.bands * self.rows], self.bands)

    @staticmethod
    def _words_hashed(used: np.ndarray, bands: int) -> np.ndarray:
        """`row_hash` of each band of `used` (windows, bands * rows), over the big-endian 32-bit words of its values:
        what datasketch hashes, bytes(values.byteswap().data)."""
        n = len(used)
        if not n:
            return np.zeros((0, bands), dtype=np.uint64)
        used = np.ascontiguousarray(used)
        raw = used.astype(used.dtype.newbyteorder(">")).tobytes()
        words = np.frombuffer(raw, dtype=">u4").astype(np.uint64).reshape(n * bands, -1)
        return row_hash(words).reshape(n, bands)

