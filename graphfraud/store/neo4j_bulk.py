"""Bulk import of a workspace into an empty Neo4j with Neo4j's own import tool.

``neo4j-admin database import full`` writes store files directly: orders of magnitude faster than
any Cypher load, but only into an empty (or replaced) database that is offline while it runs. The
workspace writes what it needs (DuckDB, in parallel): one CSV file per node label and one per
relationship type and pair of labels, each with a header file beside it naming the property types.
They hold exactly the graph ``graphfraud load --store neo4j`` builds and the embedded store shows
(``store/sql/graph_views.sql``): the same labels, ``_key`` values, properties with the same types
(``localdatetime``, ``double``, ``int``/``long``, strings; no nulls), and relationship types.
``tests/contract`` holds a bulk-imported graph to the same answers as a Cypher-loaded one.

Node IDs are assigned here, not by the tool (``--id-type=actual``): each label gets a range, so
``Person:1`` and ``Drug:1`` never meet, and the relationship files hold the two ends' node IDs; the
key is the ``_key`` property as the Cypher loader writes it.
Constraints and indexes (``cypher/schema``) are created once the server runs on the new store.
"""
from __future__ import annotations

import shlex
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from graphfraud.schema import TABLES
from graphfraud.store.neo4j_load import TABLE_LABELS

# Property types of the import tool for the column kinds of graphfraud.schema (as the Cypher loader
# sends them: str, datetime -> LocalDateTime, float, int).
IMPORT_TYPES = {"id": "string", "text": "string", "time": "localdatetime", "num": "double", "flag": "long"}
SOURCE_COLUMNS = (("_src_file", "string"), ("_src_line", "long"), ("_load_id", "long"))
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"  # ISO, as the import tool parses a localdatetime
LABEL_TABLES = {label: table for table, label in TABLE_LABELS.items() if label}
ENTITY_LABELS = ("Person", "Institution", "Practitioner", "Drug", "Identifier", "TraceCode")


@dataclass(frozen=True)
class RelGroup:
    """One relationship file: ``type`` from ``start`` to ``end`` nodes; ``sql`` selects ``s`` and ``e``
    (the two ends' keys) and, for ``props``, the input table whose columns the relationship carries."""

    type: str
    start: str
    end: str
    sql: str
    props: str | None = None

    @property
    def name(self) -> str:
        return f"{self.type}.{self.start}-{self.end}"


def _ident(owner: str, table: str, key: str, kinds: tuple[tuple[str, str], ...]) -> str:
    return " UNION ALL ".join(f"SELECT {key} AS s, '{kind}:' || {column} AS e FROM {table} WHERE {column} IS NOT NULL"
                              for kind, column in kinds)


def _trace(owner: str) -> str:
    return f"SELECT key AS s, code AS e FROM bulk_trace WHERE owner = '{owner}'"


# The relationships of graph_views.sql's g_edges, one group per type and pair of labels. A test
# holds their union to g_edges on generated data.
RELATIONSHIPS: tuple[RelGroup, ...] = (
    RelGroup("HAS_IDENTIFIER", "Person", "Identifier",
             "SELECT DISTINCT ON (s, e) * FROM ("
             "SELECT psn_no AS s, ident_type || ':' || ident_value AS e, * FROM psn_ident UNION ALL BY NAME "
             "(SELECT * FROM (" + _ident("Person", "psn_info", "_key", (("tel", "tel"), ("addr", "addr"), ("certno", "certno")))
             + "))) ORDER BY s, e, _load_id NULLS LAST, _src_file, _src_line", props="psn_ident"),
    RelGroup("HAS_IDENTIFIER", "Institution", "Identifier",
             _ident("Institution", "fixmedins", "_key", (("tel", "tel"), ("addr", "addr")))),
    RelGroup("LEGAL_REP", "Institution", "Identifier",
             _ident("Institution", "fixmedins", "_key", (("certno", "legal_rep_certno"),))),
    RelGroup("HAS_IDENTIFIER", "Practitioner", "Identifier",
             _ident("Practitioner", "practitioner", "_key", (("certno", "certno"), ("tel", "tel")))),
    RelGroup("WORKS_AT", "Practitioner", "Institution",
             "SELECT _key AS s, fixmedins_code AS e FROM practitioner WHERE fixmedins_code IS NOT NULL"),
    RelGroup("HAD_VISIT", "Person", "Visit", "SELECT psn_no AS s, _key AS e FROM mdtrt_d WHERE psn_no IS NOT NULL"),
    RelGroup("AT", "Visit", "Institution",
             "SELECT _key AS s, fixmedins_code AS e FROM mdtrt_d WHERE fixmedins_code IS NOT NULL"),
    RelGroup("ATTENDED_BY", "Visit", "Practitioner",
             "SELECT _key AS s, atddr_no AS e FROM mdtrt_d WHERE atddr_no IS NOT NULL"),
    RelGroup("SETTLED", "Person", "Claim", "SELECT psn_no AS s, _key AS e FROM setl_d WHERE psn_no IS NOT NULL"),
    RelGroup("AT", "Claim", "Institution",
             "SELECT _key AS s, fixmedins_code AS e FROM setl_d WHERE fixmedins_code IS NOT NULL"),
    RelGroup("FOR_VISIT", "Claim", "Visit",
             "SELECT s._key AS s, v._key AS e FROM setl_d s JOIN mdtrt_d v ON v._key = s.mdtrt_id"),
    RelGroup("HAS_LINE", "Claim", "FeeLine",
             "SELECT s._key AS s, f._key AS e FROM fee_list_d f JOIN setl_d s ON s._key = f.setl_id"),
    RelGroup("OF_DRUG", "FeeLine", "Drug",
             "SELECT _key AS s, med_list_codg AS e FROM fee_list_d WHERE med_list_codg IS NOT NULL"),
    RelGroup("PRESCRIBED_BY", "FeeLine", "Practitioner",
             "SELECT _key AS s, bilg_dr_codg AS e FROM fee_list_d WHERE bilg_dr_codg IS NOT NULL"),
    RelGroup("HAS_TRACE", "FeeLine", "TraceCode", _trace("FeeLine")),
    RelGroup("PURCHASED", "Institution", "Purchase",
             "SELECT fixmedins_code AS s, _key AS e FROM inv_purc WHERE fixmedins_code IS NOT NULL"),
    RelGroup("OF_DRUG", "Purchase", "Drug",
             "SELECT _key AS s, med_list_codg AS e FROM inv_purc WHERE med_list_codg IS NOT NULL"),
    RelGroup("HAS_TRACE", "Purchase", "TraceCode", _trace("Purchase")),
    RelGroup("SOLD", "Institution", "Sale",
             "SELECT fixmedins_code AS s, _key AS e FROM inv_sale WHERE fixmedins_code IS NOT NULL"),
    RelGroup("OF_DRUG", "Sale", "Drug", "SELECT _key AS s, med_list_codg AS e FROM inv_sale WHERE med_list_codg IS NOT NULL"),
    RelGroup("TO_PERSON", "Sale", "Person", "SELECT _key AS s, psn_no AS e FROM inv_sale WHERE psn_no IS NOT NULL"),
    RelGroup("FOR_CLAIM", "Sale", "Claim", "SELECT i._key AS s, s._key AS e FROM inv_sale i JOIN setl_d s ON s._key = i.setl_id"),
    RelGroup("HAS_TRACE", "Sale", "TraceCode", _trace("Sale")),
    RelGroup("TOOK_STOCK", "Institution", "StockTake",
             "SELECT fixmedins_code AS s, _key AS e FROM inv_stock WHERE fixmedins_code IS NOT NULL"),
    RelGroup("OF_DRUG", "StockTake", "Drug",
             "SELECT _key AS s, med_list_codg AS e FROM inv_stock WHERE med_list_codg IS NOT NULL"),
    RelGroup("FLAGS", "RuleHit", "Person", "SELECT _key AS s, psn_no AS e FROM rule_hits WHERE psn_no IS NOT NULL"),
    RelGroup("FLAGS", "RuleHit", "Institution",
             "SELECT _key AS s, fixmedins_code AS e FROM rule_hits WHERE fixmedins_code IS NOT NULL"),
    RelGroup("FLAGS", "RuleHit", "Claim", "SELECT r._key AS s, s._key AS e FROM rule_hits r JOIN setl_d s ON s._key = r.setl_id"),
    RelGroup("FLAGS", "RuleHit", "Visit", "SELECT r._key AS s, v._key AS e FROM rule_hits r JOIN mdtrt_d v ON v._key = r.mdtrt_id"),
    RelGroup("ABOUT", "Lead", "Person",
             "SELECT _key AS s, subject_psn_no AS e FROM report_lead WHERE subject_psn_no IS NOT NULL"),
    RelGroup("ABOUT", "Lead", "Institution",
             "SELECT _key AS s, subject_fixmedins_code AS e FROM report_lead WHERE subject_fixmedins_code IS NOT NULL"),
)

# Trace codes split as g_trace splits them (on , ; |, trimmed, empty parts dropped), once per owner row.
TRACE_SQL = "CREATE OR REPLACE TEMP TABLE bulk_trace AS SELECT DISTINCT owner, key, code FROM (" + " UNION ALL ".join(
    f"SELECT '{label}' AS owner, _key AS key, trim(unnest(string_split_regex(drug_trac_codg, '[,;|]'))) AS code "
    f"FROM {table} WHERE drug_trac_codg IS NOT NULL"
    for label, table in (("FeeLine", "fee_list_d"), ("Sale", "inv_sale"), ("Purchase", "inv_purc"))) + ") WHERE code <> ''"


def property_columns(table: str) -> list[tuple[str, str]]:
    """(column, import type) of the properties a row of ``table`` gives its node or relationship."""
    spec = TABLES[table]
    return ([("_key", "string")] + [(c, IMPORT_TYPES[spec.columns[c]]) for c in spec.stored_columns]
            + list(SOURCE_COLUMNS))


@dataclass
class FileGroup:
    """One ``--nodes`` or ``--relationships`` source: a label or type, its header file and data file."""

    kind: str  # nodes | relationships
    name: str  # the label (nodes) or the type (relationships)
    header: Path
    data: Path
    rows: int
    multiline: bool = False

    def option(self, base: Path) -> str:
        return f"--{self.kind}={self.name}={_rel(self.header, base)},{_rel(self.data, base)}"


@dataclass
class ImportFiles:
    folder: Path
    groups: list[FileGroup] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def nodes(self) -> int:
        return sum(g.rows for g in self.groups if g.kind == "nodes")

    @property
    def relationships(self) -> int:
        return sum(g.rows for g in self.groups if g.kind == "relationships")

    def arguments(self, database: str = "neo4j", base: Path | None = None, overwrite: bool = False) -> list[str]:
        """The arguments of ``neo4j-admin database import full`` for these files, paths relative to ``base``
        (default: the folder itself, for running the tool from inside it)."""
        base = base or self.folder
        # The database first: a last --nodes/--relationships would take a trailing name for one more file.
        args = [database, "--id-type=actual", "--bad-tolerance=0", "--skip-bad-relationships=false",
                "--skip-duplicate-nodes=false", f"--report-file={_rel(self.folder / 'import.report', base)}"]
        if overwrite:
            args.append("--overwrite-destination=true")
        multiline = [_rel(g.data, base) for g in self.groups if g.multiline]
        if multiline:
            args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(multiline)]
        ordered = sorted(self.groups, key=lambda g: g.kind != "nodes")  # nodes first, as people read them
        return args + [g.option(base) for g in ordered]

    def command(self, database: str = "neo4j") -> str:
        """The shell command to run in the folder on the Neo4j server (its Neo4j stopped)."""
        return "neo4j-admin database import full " + " ".join(shlex.quote(a) for a in self.arguments(database))


def _rel(path: Path, base: Path) -> str:
    return Path(path).resolve().relative_to(base.resolve()).as_posix()


Progress = Callable[[str, int, int], None]


def export_files(con: duckdb.DuckDBPyConnection, folder: Path, progress: Progress | None = None) -> ImportFiles:
    """Write the import tool's node and relationship files of the workspace ``con`` into ``folder``.

    Every node gets its final node ID here (``--id-type=actual``): a range per label, an event row's
    ID from its table's ``rowid``, an entity's from a numbered key table. The import tool then
    needs no ID lookups at all, which halves its CPU time (88 → 48 CPU-s at 1e6 fee lines)."""
    started = time.perf_counter()
    folder = Path(folder)
    for sub in ("nodes", "relationships"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    out = ImportFiles(folder)
    con.execute(TRACE_SQL).fetchall()
    labels = list(dict.fromkeys([*LABEL_TABLES, *ENTITY_LABELS]))
    steps, done, offset = len(labels) + len(RELATIONSHIPS), 0, 0
    try:
        for label in labels:
            offset += _number(con, label, offset)
        for label in labels:
            if progress:
                progress("nodes and relationships", done, steps)
            done += 1
            written = _write(con, _node_select(con, label), _node_header(label), folder / "nodes" / label, "nodes",
                             label, _has_breaks(con, label))
            if written:
                out.groups.append(written)
        for group in RELATIONSHIPS:
            if progress:
                progress("nodes and relationships", done, steps)
            done += 1
            columns = [f"r.\"{c}\"" for c, _ in property_columns(group.props)] if group.props else []
            select = (f"SELECT a.id, b.id{''.join(', ' + c for c in columns)} FROM ({group.sql}) r "
                      f"JOIN bulk_ids_{group.start} a ON a._key = r.s JOIN bulk_ids_{group.end} b ON b._key = r.e")
            header = [":START_ID", ":END_ID"] + ([f"{c}:{kind}" for c, kind in property_columns(group.props)]
                                                 if group.props else [])
            breaks = group.props is not None and _text_breaks(con, group.props)
            written = _write(con, select, header, folder / "relationships" / group.name, "relationships", group.type,
                             breaks)
            if written:
                out.groups.append(written)
    finally:
        for label in labels:
            kind = "TABLE" if label in ENTITY_LABELS else "VIEW"
            con.execute(f"DROP {kind} IF EXISTS bulk_ids_{label}").fetchall()
        con.execute("DROP TABLE IF EXISTS bulk_trace").fetchall()
    if progress:
        progress("", steps, steps)
    out.seconds = time.perf_counter() - started
    return out


def _number(con: duckdb.DuckDBPyConnection, label: str, offset: int) -> int:
    """Give the nodes of ``label`` the IDs ``offset``, ``offset + 1``…: ``bulk_ids_<label>(_key, id)``.
    Returns the size of the range used."""
    table = LABEL_TABLES.get(label)
    if label not in ENTITY_LABELS:  # event rows: the table's rowid, no copy of the keys
        assert table is not None
        con.execute(f"CREATE OR REPLACE TEMP VIEW bulk_ids_{label} AS SELECT _key, {offset} + rowid AS id FROM {table}"
                    ).fetchall()
        return int(con.execute(f"SELECT coalesce(max(rowid) + 1, 0) FROM {table}").fetchall()[0][0])
    ends = [f"SELECT s AS k FROM ({g.sql})" for g in RELATIONSHIPS if g.start == label]
    ends += [f"SELECT e AS k FROM ({g.sql})" for g in RELATIONSHIPS if g.end == label]
    keys = f"SELECT DISTINCT k AS _key FROM ({' UNION ALL '.join(ends)})"
    if table is not None:  # rows first, then the keys only referenced
        keys = f"SELECT _key FROM {table} UNION ALL (SELECT * FROM ({keys}) ANTI JOIN {table} USING (_key))"
    con.execute(f"CREATE OR REPLACE TEMP TABLE bulk_ids_{label} AS "
                f"SELECT _key, {offset} + row_number() OVER () - 1 AS id FROM ({keys})").fetchall()
    return int(con.execute(f"SELECT count(*) FROM bulk_ids_{label}").fetchall()[0][0])


def _node_header(label: str) -> list[str]:
    table = LABEL_TABLES.get(label)
    return [":ID"] + [f"{c}:{kind}" for c, kind in (property_columns(table) if table else [("_key", "string")])]


def _node_select(con: duckdb.DuckDBPyConnection, label: str) -> str:
    """Every node of ``label`` with its ID: its table's rows; for entities also the keys only
    referenced (they carry no other property)."""
    table = LABEL_TABLES.get(label)
    if table is None:
        return f"SELECT id, _key FROM bulk_ids_{label}"
    columns = ", ".join(f't."{c}"' for c, _ in property_columns(table))
    if label not in ENTITY_LABELS:
        return f"SELECT i.id, {columns} FROM {table} t JOIN bulk_ids_{label} i ON i._key = t._key"
    return (f"SELECT i.id, i._key, {columns.split(', ', 1)[1]} FROM bulk_ids_{label} i "
            f"LEFT JOIN {table} t ON t._key = i._key")


def _text_breaks(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether any stored text of ``table`` holds a line break (its file then needs multiline parsing)."""
    columns = [c for c, kind in property_columns(table) if kind == "string"]
    test = " OR ".join(f"contains(\"{c}\", chr(10)) OR contains(\"{c}\", chr(13))" for c in columns)
    return bool(con.execute(f"SELECT count(*) FROM {table} WHERE {test}").fetchall()[0][0])


def _has_breaks(con: duckdb.DuckDBPyConnection, label: str) -> bool:
    table = LABEL_TABLES.get(label)
    if table is not None and _text_breaks(con, table):
        return True
    if label in ("Identifier", "TraceCode"):  # keys made of text (addresses)
        return bool(con.execute(f"SELECT count(*) FROM bulk_ids_{label} WHERE contains(_key, chr(10)) "
                                "OR contains(_key, chr(13))").fetchall()[0][0])
    return False


def _write(con: duckdb.DuckDBPyConnection, select: str, header: list[str], stem: Path, kind: str, name: str,
           multiline: bool) -> FileGroup | None:
    """Write one group's data file (no header line) and its header file; None when it has no rows."""
    data, header_file = stem.with_name(stem.name + ".csv"), stem.with_name(stem.name + ".header.csv")
    rows = con.execute(f"COPY ({select}) TO $path (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"', "
                       f"TIMESTAMPFORMAT '{TIMESTAMP_FORMAT}')", {"path": str(data)}).fetchall()[0][0]
    if not rows:
        data.unlink(missing_ok=True)
        return None
    header_file.write_text(",".join(header) + "\n", encoding="utf-8")
    return FileGroup(kind, name, header_file, data, int(rows), multiline)
