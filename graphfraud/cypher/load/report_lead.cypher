// name: report_lead
// mode: write
// purpose: tip-offs (举报线索) new to the graph as :Lead nodes, in passes: ABOUT their subject person
//          and institution. Informant fields never reach this statement: the loader drops protected
//          columns.
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:Lead)
SET n = row {.*, received_time: localdatetime(row.received_time)}
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.subject_psn_no AS key WHERE key IS NOT NULL
MERGE (:Person {_key: key});

UNWIND $links AS link
WITH DISTINCT link.subject_fixmedins_code AS key WHERE key IS NOT NULL
MERGE (:Institution {_key: key});

UNWIND $links AS link
MATCH (n:Lead {_key: link._key})
MATCH (p:Person {_key: link.subject_psn_no})
CREATE (n)-[:ABOUT]->(p);

UNWIND $links AS link
MATCH (n:Lead {_key: link._key})
MATCH (m:Institution {_key: link.subject_fixmedins_code})
CREATE (n)-[:ABOUT]->(m)
