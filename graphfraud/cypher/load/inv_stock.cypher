// name: inv_stock
// mode: write
// purpose: stock-takes (盘存, 3501) new to the graph as :StockTake nodes, in passes: the institution
//          TOOK_STOCK, OF_DRUG its drug.
// params: rows, links
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
CREATE (n:StockTake)
SET n = row {.*, invdate: localdatetime(row.invdate)}
RETURN count(n) AS inserted;

UNWIND $links AS link
WITH DISTINCT link.fixmedins_code AS key WHERE key IS NOT NULL
MERGE (:Institution {_key: key});

UNWIND $links AS link
WITH DISTINCT link.med_list_codg AS key WHERE key IS NOT NULL
MERGE (:Drug {_key: key});

UNWIND $links AS link
MATCH (m:Institution {_key: link.fixmedins_code})
MATCH (n:StockTake {_key: link._key})
CREATE (m)-[:TOOK_STOCK]->(n);

UNWIND $links AS link
MATCH (n:StockTake {_key: link._key})
MATCH (d:Drug {_key: link.med_list_codg})
CREATE (n)-[:OF_DRUG]->(d)
