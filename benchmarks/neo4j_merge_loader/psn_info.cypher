// name: psn_info
// mode: write
// purpose: insured persons (人员信息): the row's columns become properties of its :Person node (which
//          may already exist because a claim named it), with its tel, addr and certno as shared
//          :Identifier nodes. Rows whose person already carries a row are left alone (idempotent).
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Person {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (ident IN [p IN [['tel', row.tel], ['addr', row.addr], ['certno', row.certno]] WHERE p[1] IS NOT NULL] |
  MERGE (i:Identifier {_key: ident[0] + ':' + ident[1]})
  MERGE (n)-[:HAS_IDENTIFIER]->(i))
RETURN count(n) AS inserted
