// name: record_load
// mode: write
// purpose: keep a load's report (JSON text) in the load history; a re-run with the same load_id
//          (a load interrupted before it was recorded) replaces nothing and adds no twin.
// params: load_id, report
// returns: nothing
MERGE (l:Load {load_id: $load_id})
SET l.report = $report
