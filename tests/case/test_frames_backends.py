"""The case frames (store/sql/case_*.sql and cypher/frames/case_*.cypher) return the same rows on both
stores, so a bundle says the same whichever store it was exported from."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from graphfraud.case.collect import collect_case
from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore
from tests.case.case_synthetic import store_ring, write_data

FRAMES = ("settlements", "fee_lines", "trace_rows", "rule_hits", "persons", "institutions", "practitioners",
          "identifiers")


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d %H:%M:%S")
        out[column] = out[column].map(lambda v: None if v is None or (isinstance(v, float) and v != v) else
                                      float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v))
    return out.sort_values(list(out.columns)).reset_index(drop=True)


def test_case_frames_agree_with_the_embedded_reference(store: Any, tmp_path: Path) -> None:
    synthetic = write_data(tmp_path, members=6)
    load_directory(store, synthetic.data_dir, tmp_path / "loads")
    store_ring(store, synthetic)
    with EmbeddedStore(tmp_path / "reference.duckdb") as reference:
        load_directory(reference, synthetic.data_dir, tmp_path / "ref_loads")
        store_ring(reference, synthetic)
        expected = collect_case(reference, synthetic.ring_id)
    case = collect_case(store, synthetic.ring_id)
    assert len(case.settlements) == 19  # 6 persons × 3, plus the refund of the first visit
    for name in FRAMES:
        pd.testing.assert_frame_equal(_normalised(getattr(case, name)), _normalised(getattr(expected, name)),
                                      obj=name, check_dtype=False)
    assert [(q.name, q.rows) for q in case.queries] == [(q.name, q.rows) for q in expected.queries]
