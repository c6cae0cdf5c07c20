// name: inv_stock
// mode: write
// purpose: stock-takes (盘存, 3501) as :StockTake nodes: the institution TOOK_STOCK, OF_DRUG its drug.
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:StockTake {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
MERGE (m:Institution {_key: row.fixmedins_code})
MERGE (m)-[:TOOK_STOCK]->(n)
MERGE (d:Drug {_key: row.med_list_codg})
MERGE (n)-[:OF_DRUG]->(d)
RETURN count(n) AS inserted
