"""A trace spread over worker processes finds what the same trace finds in one process."""

from __future__ import annotations

from dataclasses import replace

from conftest import make_article
from tracer import Document, Settings, trace
from tracer.parallel import SERIAL_BELOW


def test_a_trace_on_two_workers_equals_the_trace_in_one_process():
    stories = [make_article(seed, n_sentences=10) for seed in range(SERIAL_BELOW // 2 + 2)]
    docs = [Document(f"s{i:03d}.txt", text) for i, text in enumerate(stories)]
    docs += [Document(f"t{i:03d}.txt", "\n".join(text.splitlines()[:6])) for i, text in enumerate(stories)]
    assert len(docs) >= SERIAL_BELOW
    one, two = (trace(docs, replace(Settings(), workers=n)) for n in (1, 2))
    assert one.links and one.links == two.links
