// name: next_load_id
// mode: read
// purpose: the ID of the next load: one more than the last recorded. An interrupted load was never
//          recorded, so its re-run gets the same ID and its rows end identical to a clean load.
// params: none
// returns: load_id
MATCH (l:Load)
RETURN coalesce(max(l.load_id), 0) + 1 AS load_id
