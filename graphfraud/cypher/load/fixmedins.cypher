// name: fixmedins
// mode: write
// purpose: designated institutions (定点医药机构) as :Institution properties; tel and addr as shared
//          :Identifier nodes, the legal representative's certno through LEGAL_REP (so a pharmacy
//          owner who is also an insured person shares the certno identifier with that person).
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Institution {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row {.*, begndate: localdatetime(row.begndate), enddate: localdatetime(row.enddate)}
FOREACH (ident IN [p IN [['tel', row.tel], ['addr', row.addr]] WHERE p[1] IS NOT NULL] |
  MERGE (i:Identifier {_key: ident[0] + ':' + ident[1]})
  MERGE (n)-[:HAS_IDENTIFIER]->(i))
FOREACH (certno IN [c IN [row.legal_rep_certno] WHERE c IS NOT NULL] |
  MERGE (i:Identifier {_key: 'certno:' + certno})
  MERGE (n)-[:LEGAL_REP]->(i))
RETURN count(n) AS inserted
