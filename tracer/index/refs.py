"""Window references: one integer naming a stored document and one of its windows."""

from __future__ import annotations

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
