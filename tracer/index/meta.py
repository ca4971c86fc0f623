"""The settings an index is built with, recorded in it, and the refusal to mix them."""

from __future__ import annotations

from dataclasses import replace

from .. import sketch
from ..banding import Banding, datasketch_version
from ..errors import IndexStoreError
from ..minhash_loader import minhash_module
from ..settings import Settings
from .features import features_code

INDEX_FORMAT = 3
"""Bumped when what the index stores, or how it is sketched, changes (2: each document's packed features;
3: the MinHash values of every stem)."""
RECORDED = ("shingle_size", "num_perm", "seed", "window", "stride", "lsh_threshold")
"""Settings that shape what is stored; a check must use the index's values."""
BUILT_BY = ("format", "features")
"""What the tracer that built an index wrote it with: another one cannot use it, whatever the settings."""
MUST_MATCH = BUILT_BY + ("datasketch", "scheme") + RECORDED


def record(settings: Settings, banding: Banding) -> dict:
    """What an index records about how it was built."""
    return runtime(settings) | {"bands": banding.bands, "rows": banding.rows, "dtype": signature_dtype(settings),
                                "tracer": _tracer_version()}


def runtime(settings: Settings) -> dict:
    """The values that must match between an index and a run: format, features code, datasketch, scheme, settings."""
    return {"format": INDEX_FORMAT, "features": features_code(), "datasketch": datasketch_version(),
            "scheme": _scheme(), **{name: getattr(settings, name) for name in RECORDED}}


def ensure_compatible(stored: dict, wanted: dict, where: str) -> None:
    """Raise IndexStoreError naming every recorded value that differs."""
    built = [f"{k} {stored.get(k)!r}, this tracer {wanted.get(k)!r}" for k in BUILT_BY
             if stored.get(k) != wanted.get(k)]
    if built:
        raise IndexStoreError(f"{where}: index was built by another version of tracer ({'; '.join(built)}); "
                              "build a new index from the documents (tracer index add PATH... --index NEW)")
    diffs = [f"{k}={stored.get(k)!r} (this run: {wanted.get(k)!r})" for k in MUST_MATCH if stored.get(k) != wanted.get(k)]
    if diffs:
        raise IndexStoreError(f"{where}: index was built with other settings: {', '.join(diffs)}; "
                              "use the index's settings or build a new index")


def settings_of(stored: dict, base: Settings) -> Settings:
    """`base` with the recorded settings of an index."""
    return replace(base, **{name: stored[name] for name in RECORDED})


def banding_of(stored: dict) -> Banding:
    return Banding(stored["num_perm"], stored["bands"], stored["rows"])


def signature_dtype(settings: Settings) -> str:
    """The dtype of datasketch's MinHash values for the sketch scheme ("uint32" for affine32)."""
    kwargs = {"scheme": _scheme()} if hasattr(sketch, "SCHEME") else {}
    template = minhash_module().MinHash(num_perm=settings.num_perm, seed=settings.seed, **kwargs)
    return template.hashvalues.dtype.name


def _scheme() -> str:
    return getattr(sketch, "SCHEME", "legacy")


def _tracer_version() -> str:
    from .. import __version__

    return __version__
