// name: setl_d
// mode: write
// purpose: settlements (结算) new to the graph as :Claim nodes with every stored column, in passes: the
//          person SETTLED the claim, AT its institution, FOR_VISIT its visit when stored. Fee lines,
//          pharmacy sales and rule hits loaded before the claim (fee_list_d sorts before setl_d) are
//          linked now, found by their setl_id index.
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:Claim)
SET n = row {.*, setl_time: localdatetime(row.setl_time)}
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.psn_no AS key WHERE key IS NOT NULL
MERGE (:Person {_key: key});

UNWIND $links AS link
WITH DISTINCT link.fixmedins_code AS key WHERE key IS NOT NULL
MERGE (:Institution {_key: key});

UNWIND $links AS link
MATCH (p:Person {_key: link.psn_no})
MATCH (n:Claim {_key: link._key})
CREATE (p)-[:SETTLED]->(n);

UNWIND $links AS link
MATCH (n:Claim {_key: link._key})
MATCH (m:Institution {_key: link.fixmedins_code})
CREATE (n)-[:AT]->(m);

UNWIND $links AS link
MATCH (n:Claim {_key: link._key})
MATCH (v:Visit {_key: link.mdtrt_id})
CREATE (n)-[:FOR_VISIT]->(v);

UNWIND $links AS link
MATCH (n:Claim {_key: link._key})
MATCH (f:FeeLine {setl_id: link._key})
CREATE (n)-[:HAS_LINE]->(f);

UNWIND $links AS link
MATCH (n:Claim {_key: link._key})
MATCH (s:Sale {setl_id: link._key})
CREATE (s)-[:FOR_CLAIM]->(n);

UNWIND $links AS link
MATCH (n:Claim {_key: link._key})
MATCH (h:RuleHit {setl_id: link._key})
CREATE (h)-[:FLAGS]->(n)
