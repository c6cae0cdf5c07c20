// name: load_history
// mode: read
// purpose: the latest load reports, newest first.
// params: limit
// returns: report (JSON text)
MATCH (l:Load)
RETURN l.report AS report
ORDER BY l.load_id DESC
LIMIT $limit
