"""datasketch's `minhash` module, loaded without the rest of datasketch when it can be.

Hashing stems needs only `MinHash`'s permutations and `_fmix`, but `import datasketch` runs the package's
`__init__`, which imports every datasketch index and, through `datasketch.lsh`, SciPy's integrators: 0.8 s of
a one-article check on a slow machine, 40% of a trace of a few articles on a fast one.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types


def minhash_module() -> types.ModuleType:
    """datasketch's `minhash` module.

    When datasketch is not imported yet, its `minhash.py` is run on its own, under a bare package that is taken
    out of `sys.modules` again, so a later `import datasketch` imports the whole package as usual. That is done
    only in a process of one thread (as `threading` counts them), where no other import can see the bare
    package; in another, or if datasketch's module cannot be run on its own, the package is imported whole.
    The module's classes are then not the package's: they serve to hash, not for objects kept or pickled.
    """
    if "datasketch" not in sys.modules and not _ALONE and threading.active_count() == 1:
        with _ALONE_LOCK:
            if not _ALONE:
                _ALONE.append(_minhash_alone())
    if _ALONE and _ALONE[0] is not None and "datasketch" not in sys.modules:
        return _ALONE[0]
    return importlib.import_module("datasketch.minhash")


_ALONE: list[types.ModuleType | None] = []
"""datasketch's minhash module run on its own (None: it could not be), once it has been tried."""
_ALONE_LOCK = threading.Lock()


def _minhash_alone() -> types.ModuleType | None:
    found = importlib.util.find_spec("datasketch")
    if found is None or not found.submodule_search_locations:
        return None
    bare = types.ModuleType("datasketch")
    bare.__path__ = list(found.submodule_search_locations)
    before = set(sys.modules)
    sys.modules["datasketch"] = bare
    try:
        return importlib.import_module("datasketch.minhash")
    except Exception:  # it needs more of its package than its own imports: the package is imported whole
        return None
    finally:
        for name in set(sys.modules) - before:
            if name.partition(".")[0] == "datasketch":
                del sys.modules[name]
