// name: shortest_paths
// mode: read
// purpose: all shortest undirected paths between two nodes through relationships of the given types,
//          at most max_hops long, stepping through no super-node unless through_hubs: no node of
//          hub_labels (Drug), no Identifier with more than max_sharing relationships, no Institution
//          with more than hub_limit (degrees counted over all_types, as GraphStore.super_nodes does).
//          Cypher cannot take a hop limit as a parameter, so the search is bounded at 12 and longer
//          answers are dropped (a shortest path is never shorter elsewhere).
// params: a, b, types, max_hops, through_hubs, hub_labels, max_sharing, hub_limit, all_types
// returns: path (list of node IDs from a to b)
MATCH (a) WHERE elementId(a) = $a
MATCH (b) WHERE elementId(b) = $b
MATCH p = allShortestPaths((a)-[*..12]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types) AND length(p) <= $max_hops
  AND ($through_hubs OR all(n IN nodes(p)[1..-1] WHERE
        NOT any(l IN labels(n) WHERE l IN $hub_labels)
        AND NOT (n:Identifier AND COUNT { (n)-[x]-() WHERE type(x) IN $all_types } > $max_sharing)
        AND NOT (n:Institution AND COUNT { (n)-[y]-() WHERE type(y) IN $all_types } > $hub_limit)))
RETURN [n IN nodes(p) | labels(n)[0] + ':' + n._key] AS path
