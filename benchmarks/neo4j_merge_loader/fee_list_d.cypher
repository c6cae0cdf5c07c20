// name: fee_list_d
// mode: write
// purpose: fee and drug lines (费用明细) as :FeeLine nodes with every stored column: OF_DRUG its drug,
//          PRESCRIBED_BY its doctor, HAS_TRACE each trace code (split on , ; |), and HAS_LINE from
//          its claim when the claim is already stored (otherwise the claim links it on arrival).
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:FeeLine {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (k IN [x IN [row.med_list_codg] WHERE x IS NOT NULL] |
  MERGE (d:Drug {_key: k})
  MERGE (n)-[:OF_DRUG]->(d))
FOREACH (k IN [x IN [row.bilg_dr_codg] WHERE x IS NOT NULL] |
  MERGE (d:Practitioner {_key: k})
  MERGE (n)-[:PRESCRIBED_BY]->(d))
FOREACH (code IN [c IN split(replace(replace(coalesce(row.drug_trac_codg, ''), ';', ','), '|', ','), ',')
                  WHERE trim(c) <> '' | trim(c)] |
  MERGE (t:TraceCode {_key: code})
  MERGE (n)-[:HAS_TRACE]->(t))
WITH n, row
OPTIONAL MATCH (c:Claim {_key: row.setl_id})
FOREACH (claim IN [x IN [c] WHERE x IS NOT NULL] | MERGE (claim)-[:HAS_LINE]->(n))
RETURN count(n) AS inserted
