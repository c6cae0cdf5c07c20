// name: drug_catalog
// mode: write
// purpose: the drug catalogue (药品目录) as :Drug properties (reg_name, price cap, resale watch list).
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (n:Drug {_key: row._key})
WITH n, row WHERE n._load_id IS NULL
SET n += row
RETURN count(n) AS inserted
