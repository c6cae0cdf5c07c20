// name: delete_collection
// mode: write
// purpose: remove a result collection (description and rows; a ring's HAS_MEMBER links go with it).
// params: collection
// returns: nothing
OPTIONAL MATCH (c:ResultCollection {name: $collection})
DETACH DELETE c
WITH count(*) AS done
MATCH (r:ResultRow {_collection: $collection})
DETACH DELETE r
