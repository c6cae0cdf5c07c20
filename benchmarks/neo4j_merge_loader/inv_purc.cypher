// name: inv_purc
// mode: write
// purpose: pharmacy purchases and purchase returns (进货, 3503/3504) as :Purchase nodes: the
//          institution PURCHASED it, OF_DRUG its drug, HAS_TRACE each trace code.
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Purchase {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
MERGE (m:Institution {_key: row.fixmedins_code})
MERGE (m)-[:PURCHASED]->(n)
MERGE (d:Drug {_key: row.med_list_codg})
MERGE (n)-[:OF_DRUG]->(d)
FOREACH (code IN [c IN split(replace(replace(coalesce(row.drug_trac_codg, ''), ';', ','), '|', ','), ',')
                  WHERE trim(c) <> '' | trim(c)] |
  MERGE (t:TraceCode {_key: code})
  MERGE (n)-[:HAS_TRACE]->(t))
RETURN count(n) AS inserted
