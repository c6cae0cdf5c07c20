// name: mdtrt_d
// mode: write
// purpose: visits (就诊) new to the graph as :Visit nodes with every stored column, in passes: the
//          person HAD_VISIT, the visit is AT its institution and ATTENDED_BY its doctor. Claims and
//          rule hits loaded before the visit are linked now (FOR_VISIT, FLAGS), so file order never
//          changes the graph.
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:Visit)
SET n = row {.*, begntime: localdatetime(row.begntime), endtime: localdatetime(row.endtime)}
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.psn_no AS key WHERE key IS NOT NULL
MERGE (:Person {_key: key});

UNWIND $links AS link
WITH DISTINCT link.fixmedins_code AS key WHERE key IS NOT NULL
MERGE (:Institution {_key: key});

UNWIND $links AS link
WITH DISTINCT link.atddr_no AS key WHERE key IS NOT NULL
MERGE (:Practitioner {_key: key});

UNWIND $links AS link
MATCH (p:Person {_key: link.psn_no})
MATCH (n:Visit {_key: link._key})
CREATE (p)-[:HAD_VISIT]->(n);

UNWIND $links AS link
MATCH (n:Visit {_key: link._key})
MATCH (m:Institution {_key: link.fixmedins_code})
CREATE (n)-[:AT]->(m);

UNWIND $links AS link
MATCH (n:Visit {_key: link._key})
MATCH (d:Practitioner {_key: link.atddr_no})
CREATE (n)-[:ATTENDED_BY]->(d);

UNWIND $links AS link
MATCH (n:Visit {_key: link._key})
MATCH (c:Claim {mdtrt_id: link._key})
CREATE (c)-[:FOR_VISIT]->(n);

UNWIND $links AS link
MATCH (n:Visit {_key: link._key})
MATCH (h:RuleHit {mdtrt_id: link._key})
CREATE (h)-[:FLAGS]->(n)
