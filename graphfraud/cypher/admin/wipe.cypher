// name: wipe
// mode: write
// purpose: delete every node and relationship of the database (a test's fresh store, or push
//          --replace), in batches so a large graph does not need one huge transaction. Schema stays.
// params: none
// returns: nothing
MATCH (n)
CALL {
  WITH n
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
