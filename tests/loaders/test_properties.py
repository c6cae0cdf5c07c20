"""Property tests: whatever rows arrive, nothing is lost and identifiers survive exactly."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphfraud.loaders import load_directory
from graphfraud.store.embedded import EmbeddedStore

ids = st.text(alphabet="0123456789X", min_size=1, max_size=24)
times = st.sampled_from(["2025-07-01 10:00:00", "20250701100000", "2025/07/01 10:00", "2025-07-01", "2025-02-30", "x", ""])
amounts = st.sampled_from(["1.50", "-3", "0", "1e3", "12,3x", "", "NULL", "abc"])
rows = st.lists(st.tuples(ids | st.just(""), ids, times, amounts), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_read_equals_loaded_plus_rejected_plus_duplicates(rows, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["结算ID", "psn_no", "fixmedins_code", "setl_time", "fund_pay_sumamt"])
    for setl_id, psn, time, amount in rows:
        writer.writerow([setl_id, psn, "P33052200672", time, amount])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp, "data")
        data.mkdir()
        (data / "setl_d.csv").write_bytes(buf.getvalue().encode(encoding))
        with EmbeddedStore(Path(tmp, "w.duckdb")) as store:
            report = load_directory(store, data, Path(tmp, "loads"))
            f = report.files[0]
            assert f.rows_read == len(rows)
            assert f.balanced
            stored = store.table("setl_d")
            assert len(stored) == f.loaded
            good_psn = {setl: psn for setl, psn, *_ in rows}
            for setl, psn in zip(stored._key, stored.psn_no):
                assert psn in {p for s, p, *_ in rows if s == setl}
            assert set(stored._key) <= set(good_psn)
