// name: shortest_paths
// mode: read
// purpose: all shortest undirected paths between two nodes through relationships of the given types,
//          at most max_hops long. Cypher cannot take a hop limit as a parameter, so the search is
//          bounded at 12 and longer answers are dropped (a shortest path is never shorter elsewhere).
// params: a, b, types, max_hops
// returns: path (list of node IDs from a to b)
MATCH (a) WHERE elementId(a) = $a
MATCH (b) WHERE elementId(b) = $b
MATCH p = allShortestPaths((a)-[*..12]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types) AND length(p) <= $max_hops
RETURN [n IN nodes(p) | labels(n)[0] + ':' + n._key] AS path
