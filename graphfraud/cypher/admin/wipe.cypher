// name: wipe
// mode: write
// purpose: delete every node and relationship of the database (a test's fresh store, or push
//          --replace): relationships first, then nodes, each in batches of their own transactions, so
//          a large graph never needs one huge transaction (DETACH DELETE of a drug or a hospital with
//          tens of thousands of relationships exceeded the server's transaction memory). Schema stays.
// params: none
// returns: nothing
MATCH ()-[r]->()
CALL {
  WITH r
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS;

MATCH (n)
CALL {
  WITH n
  DELETE n
} IN TRANSACTIONS OF 10000 ROWS
