// name: inv_purc
// mode: write
// purpose: pharmacy purchases and purchase returns (进货, 3503/3504) new to the graph as :Purchase
//          nodes, in passes: the institution PURCHASED it, OF_DRUG its drug, HAS_TRACE each trace code.
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:Purchase)
SET n = row {.*, purc_retn_stoin_time: localdatetime(row.purc_retn_stoin_time)}
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.fixmedins_code AS key WHERE key IS NOT NULL
MERGE (:Institution {_key: key});

UNWIND $links AS link
WITH DISTINCT link.med_list_codg AS key WHERE key IS NOT NULL
MERGE (:Drug {_key: key});

UNWIND $links AS link
UNWIND [c IN split(replace(replace(coalesce(link.drug_trac_codg, ''), ';', ','), '|', ','), ',') WHERE trim(c) <> '' | trim(c)] AS code
WITH DISTINCT code
MERGE (:TraceCode {_key: code});

UNWIND $links AS link
MATCH (m:Institution {_key: link.fixmedins_code})
MATCH (n:Purchase {_key: link._key})
CREATE (m)-[:PURCHASED]->(n);

UNWIND $links AS link
MATCH (n:Purchase {_key: link._key})
MATCH (d:Drug {_key: link.med_list_codg})
CREATE (n)-[:OF_DRUG]->(d);

UNWIND $links AS link
UNWIND [c IN split(replace(replace(coalesce(link.drug_trac_codg, ''), ';', ','), '|', ','), ',') WHERE trim(c) <> '' | trim(c)] AS code
WITH DISTINCT link._key AS key, code
MATCH (n:Purchase {_key: key})
MATCH (t:TraceCode {_key: code})
CREATE (n)-[:HAS_TRACE]->(t)
