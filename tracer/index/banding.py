"""LSH banding of window signatures: datasketch's parameters and datasketch's bucket hashing.

The number of bands and rows comes from datasketch's `MinHashLSH(threshold, num_perm)`, and a band's
bucket is `hashfunc(bytes(values.byteswap().data))`, as datasketch computes it, with `band_hash` as
the `hashfunc`. So `Banding.lsh(storage_config)` is a datasketch MinHashLSH that finds the buckets
this index writes (the Redis store uses datasketch's key layout).
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import blake2b

import numpy as np
from datasketch import MinHashLSH

REF_BITS = 20
"""A window's reference is `document number << REF_BITS | window number`."""


def band_hash(band: bytes) -> bytes:
    """The `hashfunc` given to datasketch: 8 bytes of keyed BLAKE2b of a band's big-endian values.

    >>> len(band_hash(b"123456789012"))
    8
    """
    return blake2b(band, digest_size=8, key=b"tracer-band").digest()


@dataclass(frozen=True)
class Banding:
    """`bands` bands of `rows` MinHash values each, out of `num_perm`."""

    num_perm: int
    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float, num_perm: int) -> Banding:
        """datasketch's own choice of bands and rows for a Jaccard threshold.

        >>> Banding.for_threshold(0.3, 64)
        Banding(num_perm=64, bands=21, rows=3)
        """
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        return cls(num_perm, lsh.b, lsh.r)

    def lsh(self, storage_config: dict | None = None, basename: bytes | None = None) -> MinHashLSH:
        """A datasketch MinHashLSH with these bands that hashes buckets as this index does."""
        config = dict(storage_config or {"type": "dict"})
        if basename is not None:
            config["basename"] = basename
        return MinHashLSH(num_perm=self.num_perm, params=(self.bands, self.rows), storage_config=config,
                          prepickle=False, hashfunc=band_hash)

    def buckets(self, signatures: np.ndarray) -> np.ndarray:
        """The bucket of each window in each band: an (windows, bands) array of 64-bit digests.

        >>> b = Banding(8, 2, 3)
        >>> b.buckets(np.arange(16, dtype=np.uint32).reshape(2, 8)).shape
        (2, 2)
        """
        n = len(signatures)
        used = np.ascontiguousarray(signatures[:, : self.bands * self.rows])
        raw = used.byteswap().tobytes()  # what datasketch hashes: bytes(values.byteswap().data)
        size = self.rows * used.dtype.itemsize
        digests = b"".join(band_hash(raw[i : i + size]) for i in range(0, len(raw), size))
        return np.frombuffer(digests, dtype=">u8").astype(np.uint64).reshape(n, self.bands)


def ref(num: int, window: int) -> int:
    return num << REF_BITS | window


def ref_document(reference: int) -> int:
    """The document number of a window reference.

    >>> ref_document(ref(7, 3))
    7
    """
    return reference >> REF_BITS
