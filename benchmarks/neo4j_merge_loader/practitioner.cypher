// name: practitioner
// mode: write
// purpose: doctors and pharmacists (医保医师/药师) as :Practitioner properties, WORKS_AT their
//          institution, with certno and tel as shared :Identifier nodes.
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Practitioner {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
FOREACH (code IN [c IN [row.fixmedins_code] WHERE c IS NOT NULL] |
  MERGE (m:Institution {_key: code})
  MERGE (n)-[:WORKS_AT]->(m))
FOREACH (ident IN [p IN [['certno', row.certno], ['tel', row.tel]] WHERE p[1] IS NOT NULL] |
  MERGE (i:Identifier {_key: ident[0] + ':' + ident[1]})
  MERGE (n)-[:HAS_IDENTIFIER]->(i))
RETURN count(n) AS inserted
