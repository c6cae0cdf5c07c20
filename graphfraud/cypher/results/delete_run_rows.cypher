// name: delete_run_rows
// mode: write
// purpose: remove the rows one detection run wrote into a collection: what an interrupted publish
//          of that run left behind, before it is published again (store/base.py publish_run).
// params: collection, run
// returns: nothing
MATCH (r:ResultRow {_collection: $collection})
WHERE r._run = $run
DETACH DELETE r
