// name: rule_hits
// mode: write
// purpose: smart-monitoring rule hits (3101/3102) new to the graph as :RuleHit nodes, in passes: the
//          hit FLAGS the person, the institution, and the claim and visit when those are already
//          stored (otherwise the claim or visit links the hit on arrival).
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:RuleHit)
SET n = row
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.psn_no AS key WHERE key IS NOT NULL
MERGE (:Person {_key: key});

UNWIND $links AS link
WITH DISTINCT link.fixmedins_code AS key WHERE key IS NOT NULL
MERGE (:Institution {_key: key});

UNWIND $links AS link
MATCH (n:RuleHit {_key: link._key})
MATCH (p:Person {_key: link.psn_no})
CREATE (n)-[:FLAGS]->(p);

UNWIND $links AS link
MATCH (n:RuleHit {_key: link._key})
MATCH (m:Institution {_key: link.fixmedins_code})
CREATE (n)-[:FLAGS]->(m);

UNWIND $links AS link
MATCH (n:RuleHit {_key: link._key})
MATCH (c:Claim {_key: link.setl_id})
CREATE (n)-[:FLAGS]->(c);

UNWIND $links AS link
MATCH (n:RuleHit {_key: link._key})
MATCH (v:Visit {_key: link.mdtrt_id})
CREATE (n)-[:FLAGS]->(v)
