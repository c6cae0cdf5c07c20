// name: get_collection
// mode: read
// purpose: a result collection's description, its number of rows and the next free _seq (rows
//          pruned from the middle leave gaps, so the count alone could reuse a _seq).
// params: collection
// returns: columns, dtypes, rows, next_seq
MATCH (c:ResultCollection {name: $collection})
OPTIONAL MATCH (r:ResultRow {_collection: $collection})
RETURN c.columns AS columns, c.dtypes AS dtypes, count(r) AS rows, coalesce(max(r._seq) + 1, 0) AS next_seq
