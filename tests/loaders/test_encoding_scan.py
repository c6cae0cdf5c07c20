"""The fast whole-file UTF-8 check agrees with Python's strict decoder, whatever the chunking."""
from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from graphfraud.loaders.encoding import _is_utf8

TEXTS = st.lists(st.one_of(st.text(max_size=12), st.binary(max_size=6)), max_size=20)


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(parts=TEXTS, chunk=st.integers(min_value=1, max_value=40))
def test_same_verdict_as_python_for_any_bytes_and_chunk_size(parts, chunk):
    data = b"\n".join(p.encode("utf-8") if isinstance(p, str) else p for p in parts)
    assert _is_utf8(io.BytesIO(data), size=chunk) == _decodes(data)


def test_gb18030_text_is_not_utf8():
    assert not _is_utf8(io.BytesIO("结算,他克莫司胶囊\n".encode("gb18030") * 100))
