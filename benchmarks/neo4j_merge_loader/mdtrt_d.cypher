// name: mdtrt_d
// mode: write
// purpose: visits (就诊) as :Visit nodes with every stored column: the person HAD_VISIT, the visit
//          is AT its institution and ATTENDED_BY its doctor. Claims and rule hits loaded before
//          the visit are linked now (FOR_VISIT, FLAGS), so file order never changes the graph.
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Visit {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (k IN [x IN [row.psn_no] WHERE x IS NOT NULL] |
  MERGE (p:Person {_key: k})
  MERGE (p)-[:HAD_VISIT]->(n))
FOREACH (k IN [x IN [row.fixmedins_code] WHERE x IS NOT NULL] |
  MERGE (m:Institution {_key: k})
  MERGE (n)-[:AT]->(m))
FOREACH (k IN [x IN [row.atddr_no] WHERE x IS NOT NULL] |
  MERGE (d:Practitioner {_key: k})
  MERGE (n)-[:ATTENDED_BY]->(d))
WITH n
CALL {
  WITH n
  MATCH (c:Claim {mdtrt_id: n._key})
  MERGE (c)-[:FOR_VISIT]->(n)
}
CALL {
  WITH n
  MATCH (h:RuleHit {mdtrt_id: n._key})
  MERGE (h)-[:FLAGS]->(n)
}
RETURN count(n) AS inserted
