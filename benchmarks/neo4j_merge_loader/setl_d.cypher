// name: setl_d
// mode: write
// purpose: settlements (结算) as :Claim nodes with every stored column: the person SETTLED the claim,
//          AT its institution, FOR_VISIT its visit when stored. Fee lines, pharmacy sales and rule
//          hits loaded before the claim (fee_list_d sorts before setl_d) are linked now.
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Claim {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (k IN [x IN [row.psn_no] WHERE x IS NOT NULL] |
  MERGE (p:Person {_key: k})
  MERGE (p)-[:SETTLED]->(n))
FOREACH (k IN [x IN [row.fixmedins_code] WHERE x IS NOT NULL] |
  MERGE (m:Institution {_key: k})
  MERGE (n)-[:AT]->(m))
WITH n, row
OPTIONAL MATCH (v:Visit {_key: row.mdtrt_id})
FOREACH (visit IN [x IN [v] WHERE x IS NOT NULL] | MERGE (n)-[:FOR_VISIT]->(visit))
WITH n
CALL {
  WITH n
  MATCH (f:FeeLine {setl_id: n._key})
  MERGE (n)-[:HAS_LINE]->(f)
}
CALL {
  WITH n
  MATCH (s:Sale {setl_id: n._key})
  MERGE (s)-[:FOR_CLAIM]->(n)
}
CALL {
  WITH n
  MATCH (h:RuleHit {setl_id: n._key})
  MERGE (h)-[:FLAGS]->(n)
}
RETURN count(n) AS inserted
