// name: prune_run_rows
// mode: write
// purpose: after a run went live, remove the rows of every other run (and rows of no run) from a
//          collection each run replaces (rings, members, indicators, evidence).
// params: collection, run
// returns: nothing
MATCH (r:ResultRow {_collection: $collection})
WHERE r._run IS NULL OR r._run <> $run
DETACH DELETE r
