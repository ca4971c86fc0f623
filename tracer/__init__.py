"""tracer: find shared text between news articles and trace who copied from whom, with evidence.

>>> import tracer
>>> sorted(tracer.__all__)[:3]
['Comparison', 'Corpus', 'Credit']
"""

__version__ = "0.1.0"

from .errors import FetchError, IndexStoreError, InputError, OutputError, SettingsError, TracerError  # noqa: E402
from .index import Index  # noqa: E402
from .ingest import Corpus, ReadOptions, read_documents, read_url  # noqa: E402
from .model import Credit, Document, Evidence, ExternalSource, Lineage, Link, Match, Passage  # noqa: E402
from .pipeline import Comparison, compare, trace  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = [
    "Comparison", "Corpus", "Credit", "Document", "Evidence", "ExternalSource", "FetchError", "Index",
    "IndexStoreError", "ReadOptions", "read_url",
    "InputError", "Lineage", "Link",
    "Match", "OutputError", "Passage", "Settings", "SettingsError", "TracerError", "compare", "read_documents",
    "trace", "__version__",
]
