// name: get_rows
// mode: read
// purpose: the rows of a result collection in the order they were put.
// params: collection
// returns: row (map of the row's columns plus _collection and _seq)
MATCH (r:ResultRow {_collection: $collection})
RETURN properties(r) AS row
ORDER BY r._seq
