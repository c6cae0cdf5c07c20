// name: fee_list_d
// mode: write
// purpose: fee and drug lines (费用明细) new to the graph, in one transaction of passes: CREATE the
//          :FeeLine nodes with every stored column; MERGE the drugs, doctors and trace codes they name
//          (other loads may create the same ones); then one pass per relationship type, both ends
//          found by key: OF_DRUG, PRESCRIBED_BY, HAS_TRACE (codes split on , ; |) and HAS_LINE from
//          its claim when the claim is already stored (otherwise the claim links it on arrival).
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:FeeLine)
SET n = row {.*, fee_ocur_time: localdatetime(row.fee_ocur_time)}
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.med_list_codg AS key WHERE key IS NOT NULL
MERGE (:Drug {_key: key});

UNWIND $links AS link
WITH DISTINCT link.bilg_dr_codg AS key WHERE key IS NOT NULL
MERGE (:Practitioner {_key: key});

UNWIND $links AS link
UNWIND [c IN split(replace(replace(coalesce(link.drug_trac_codg, ''), ';', ','), '|', ','), ',') WHERE trim(c) <> '' | trim(c)] AS code
WITH DISTINCT code
MERGE (:TraceCode {_key: code});

UNWIND $links AS link
MATCH (n:FeeLine {_key: link._key})
MATCH (d:Drug {_key: link.med_list_codg})
CREATE (n)-[:OF_DRUG]->(d);

UNWIND $links AS link
MATCH (n:FeeLine {_key: link._key})
MATCH (d:Practitioner {_key: link.bilg_dr_codg})
CREATE (n)-[:PRESCRIBED_BY]->(d);

UNWIND $links AS link
UNWIND [c IN split(replace(replace(coalesce(link.drug_trac_codg, ''), ';', ','), '|', ','), ',') WHERE trim(c) <> '' | trim(c)] AS code
WITH DISTINCT link._key AS key, code
MATCH (n:FeeLine {_key: key})
MATCH (t:TraceCode {_key: code})
CREATE (n)-[:HAS_TRACE]->(t);

UNWIND $links AS link
MATCH (c:Claim {_key: link.setl_id})
MATCH (n:FeeLine {_key: link._key})
CREATE (c)-[:HAS_LINE]->(n)
