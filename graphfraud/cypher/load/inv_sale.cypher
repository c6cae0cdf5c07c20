// name: inv_sale
// mode: write
// purpose: pharmacy sales and sale returns (销售, 3505/3506) new to the graph as :Sale nodes, in
//          passes: the institution SOLD it, OF_DRUG its drug, TO_PERSON the buyer, HAS_TRACE each trace
//          code, FOR_CLAIM its claim when that claim is already stored (otherwise the claim links it
//          on arrival).
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:Sale)
SET n = row {.*, sel_retn_time: localdatetime(row.sel_retn_time)}
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.fixmedins_code AS key WHERE key IS NOT NULL
MERGE (:Institution {_key: key});

UNWIND $links AS link
WITH DISTINCT link.med_list_codg AS key WHERE key IS NOT NULL
MERGE (:Drug {_key: key});

UNWIND $links AS link
WITH DISTINCT link.psn_no AS key WHERE key IS NOT NULL
MERGE (:Person {_key: key});

UNWIND $links AS link
UNWIND [c IN split(replace(replace(coalesce(link.drug_trac_codg, ''), ';', ','), '|', ','), ',') WHERE trim(c) <> '' | trim(c)] AS code
WITH DISTINCT code
MERGE (:TraceCode {_key: code});

UNWIND $links AS link
MATCH (m:Institution {_key: link.fixmedins_code})
MATCH (n:Sale {_key: link._key})
CREATE (m)-[:SOLD]->(n);

UNWIND $links AS link
MATCH (n:Sale {_key: link._key})
MATCH (d:Drug {_key: link.med_list_codg})
CREATE (n)-[:OF_DRUG]->(d);

UNWIND $links AS link
MATCH (n:Sale {_key: link._key})
MATCH (p:Person {_key: link.psn_no})
CREATE (n)-[:TO_PERSON]->(p);

UNWIND $links AS link
UNWIND [c IN split(replace(replace(coalesce(link.drug_trac_codg, ''), ';', ','), '|', ','), ',') WHERE trim(c) <> '' | trim(c)] AS code
WITH DISTINCT link._key AS key, code
MATCH (n:Sale {_key: key})
MATCH (t:TraceCode {_key: code})
CREATE (n)-[:HAS_TRACE]->(t);

UNWIND $links AS link
MATCH (n:Sale {_key: link._key})
MATCH (c:Claim {_key: link.setl_id})
CREATE (n)-[:FOR_CLAIM]->(c)
