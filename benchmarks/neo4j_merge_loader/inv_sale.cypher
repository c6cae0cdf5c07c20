// name: inv_sale
// mode: write
// purpose: pharmacy sales and sale returns (销售, 3505/3506) as :Sale nodes: the institution SOLD it,
//          OF_DRUG its drug, TO_PERSON the buyer, HAS_TRACE each trace code, FOR_CLAIM its claim
//          when that claim is already stored (otherwise the claim links it on arrival).
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Sale {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (k IN [x IN [row.fixmedins_code] WHERE x IS NOT NULL] |
  MERGE (m:Institution {_key: k})
  MERGE (m)-[:SOLD]->(n))
FOREACH (k IN [x IN [row.med_list_codg] WHERE x IS NOT NULL] |
  MERGE (d:Drug {_key: k})
  MERGE (n)-[:OF_DRUG]->(d))
FOREACH (k IN [x IN [row.psn_no] WHERE x IS NOT NULL] |
  MERGE (p:Person {_key: k})
  MERGE (n)-[:TO_PERSON]->(p))
FOREACH (code IN [c IN split(replace(replace(coalesce(row.drug_trac_codg, ''), ';', ','), '|', ','), ',')
                  WHERE trim(c) <> '' | trim(c)] |
  MERGE (t:TraceCode {_key: code})
  MERGE (n)-[:HAS_TRACE]->(t))
WITH n, row
OPTIONAL MATCH (c:Claim {_key: row.setl_id})
FOREACH (claim IN [x IN [c] WHERE x IS NOT NULL] | MERGE (n)-[:FOR_CLAIM]->(claim))
RETURN count(n) AS inserted
