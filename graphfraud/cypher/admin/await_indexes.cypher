// name: await_indexes
// mode: read
// purpose: wait until every index and constraint is online (after a bulk import they are populated
//          from the imported store), so the server answers with index seeks from then on.
// params: seconds
// returns: nothing
CALL db.awaitIndexes($seconds)
