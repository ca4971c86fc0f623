"""Window references: one integer naming a stored document and one of its windows."""

from __future__ import annotations

import numpy as np

REF_BITS = 20
"""A window's reference is `document number << REF_BITS | window number`."""


def ref(num: int, window: int) -> int:
    return num << REF_BITS | window


def ref_document(reference: int) -> int:
    """The document number of a window reference.

    >>> ref_document(ref(7, 3))
    7
    """
    return reference >> REF_BITS


def documents_in(refs: np.ndarray) -> int:
    """How many documents the window references `refs` belong to.

    >>> documents_in(np.array([ref(3, 0), ref(3, 5), ref(8, 1)]))
    2
    """
    return len(np.unique(np.asarray(refs, dtype=np.int64) >> REF_BITS))
