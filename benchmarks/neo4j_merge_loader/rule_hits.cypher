// name: rule_hits
// mode: write
// purpose: smart-monitoring rule hits (3101/3102) as :RuleHit nodes that FLAGS the person, the
//          institution, and the claim and visit when those are already stored (otherwise the claim
//          or visit links the hit on arrival).
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:RuleHit {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (k IN [x IN [row.psn_no] WHERE x IS NOT NULL] |
  MERGE (p:Person {_key: k})
  MERGE (n)-[:FLAGS]->(p))
FOREACH (k IN [x IN [row.fixmedins_code] WHERE x IS NOT NULL] |
  MERGE (m:Institution {_key: k})
  MERGE (n)-[:FLAGS]->(m))
WITH n, row
OPTIONAL MATCH (c:Claim {_key: row.setl_id})
FOREACH (claim IN [x IN [c] WHERE x IS NOT NULL] | MERGE (n)-[:FLAGS]->(claim))
WITH n, row
OPTIONAL MATCH (v:Visit {_key: row.mdtrt_id})
FOREACH (visit IN [x IN [v] WHERE x IS NOT NULL] | MERGE (n)-[:FLAGS]->(visit))
RETURN count(n) AS inserted
