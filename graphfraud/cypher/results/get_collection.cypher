// name: get_collection
// mode: read
// purpose: a result collection's description and its number of rows (none when never stored).
// params: collection
// returns: columns, dtypes, rows
MATCH (c:ResultCollection {name: $collection})
OPTIONAL MATCH (r:ResultRow {_collection: $collection})
RETURN c.columns AS columns, c.dtypes AS dtypes, count(r) AS rows
