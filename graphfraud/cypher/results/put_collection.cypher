// name: put_collection
// mode: write
// purpose: describe a result collection (its columns and pandas dtypes, in order) so get_results
//          returns the frame that was put, column order and types included.
// params: collection, columns, dtypes
// returns: nothing
MERGE (c:ResultCollection {name: $collection})
SET c.columns = $columns, c.dtypes = $dtypes
