"""tracer: find shared text between news articles and trace who copied from whom, with evidence.

>>> import tracer
>>> sorted(tracer.__all__)[:3]
['Comparison', 'Corpus', 'Credit']
>>> tracer.trace.__module__
'tracer.pipeline'

The names below are imported when first used, so a command (`tracer check`) imports only what it runs.
"""

__version__ = "0.1.0"

from .errors import FetchError, IndexStoreError, InputError, OutputError, SettingsError, TracerError  # noqa: E402
from .model import Credit, Document, Evidence, ExternalSource, Lineage, Link, Match, Passage  # noqa: E402
from .settings import Settings  # noqa: E402

_LAZY = {
    "Index": "index",
    "Corpus": "ingest", "ReadOptions": "ingest", "read_documents": "ingest", "read_url": "ingest",
    "Comparison": "pipeline", "compare": "pipeline", "trace": "pipeline",
}
"""Public names defined in modules that are only imported when one of them is used."""
_SUBMODULES = {"index", "records", "serialize"}
"""Modules the README names as `tracer.serialize.lineage_to_dict`..., imported when first used."""

__all__ = [
    "Comparison", "Corpus", "Credit", "Document", "Evidence", "ExternalSource", "FetchError", "Index",
    "IndexStoreError", "ReadOptions", "read_url",
    "InputError", "Lineage", "Link",
    "Match", "OutputError", "Passage", "Settings", "SettingsError", "TracerError", "compare", "read_documents",
    "trace", "__version__",
]


def __getattr__(name: str):
    if name not in _LAZY and name not in _SUBMODULES:
        raise AttributeError(f"module 'tracer' has no attribute {name!r}")
    from importlib import import_module

    if name in _SUBMODULES:
        return import_module(f".{name}", __name__)  # importing a submodule sets it as this module's attribute
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)
