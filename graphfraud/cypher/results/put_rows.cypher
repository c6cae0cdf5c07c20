// name: put_rows
// mode: write
// purpose: one :ResultRow node per result row (its columns as properties, _seq keeps row order);
//          rows of the rings collection are also :Ring nodes, so Bloom shows rings as nodes.
// params: collection, rows
// returns: nothing
UNWIND $rows AS row
CREATE (r:ResultRow)
SET r = row, r._collection = $collection
FOREACH (_ IN CASE WHEN $collection = 'rings' THEN [1] ELSE [] END | SET r:Ring)
