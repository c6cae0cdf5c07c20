// name: psn_info
// mode: write
// purpose: insured persons (人员信息): the row's columns become properties of its :Person node (which
//          may already exist because a claim named it; MERGE, and rows whose person already carries a
//          row are left alone), then its tel, addr and certno as shared :Identifier nodes, linked once
//          (MERGE: a psn_ident row may have made the same link).
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Person {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row {.*, brdy: localdatetime(row.brdy), death_date: localdatetime(row.death_date)}
RETURN count(n) AS inserted;

UNWIND $links AS link
UNWIND [p IN [['tel', link.tel], ['addr', link.addr], ['certno', link.certno]] WHERE p[1] IS NOT NULL | p[0] + ':' + p[1]] AS key
WITH DISTINCT key
MERGE (:Identifier {_key: key});

UNWIND $links AS link
UNWIND [p IN [['tel', link.tel], ['addr', link.addr], ['certno', link.certno]] WHERE p[1] IS NOT NULL | p[0] + ':' + p[1]] AS key
MATCH (n:Person {_key: link._key})
MATCH (i:Identifier {_key: key})
MERGE (n)-[:HAS_IDENTIFIER]->(i)
