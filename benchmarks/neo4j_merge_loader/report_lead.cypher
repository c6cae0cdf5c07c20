// name: report_lead
// mode: write
// purpose: tip-offs (举报线索) as :Lead nodes ABOUT their subject person and institution. Informant
//          fields never reach this statement: the loader drops protected columns.
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Lead {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (k IN [x IN [row.subject_psn_no] WHERE x IS NOT NULL] |
  MERGE (p:Person {_key: k})
  MERGE (n)-[:ABOUT]->(p))
FOREACH (k IN [x IN [row.subject_fixmedins_code] WHERE x IS NOT NULL] |
  MERGE (m:Institution {_key: k})
  MERGE (n)-[:ABOUT]->(m))
RETURN count(n) AS inserted
