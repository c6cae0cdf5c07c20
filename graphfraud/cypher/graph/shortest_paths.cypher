// name: shortest_paths
// mode: read
// purpose: all shortest undirected paths between two nodes through relationships of the given types,
//          at most max_hops long, stepping through no super-node unless through_hubs: no Drug, no
//          Identifier with more than max_sharing relationships, no Institution with more than
//          hub_limit (degrees counted over all_types, as GraphStore.super_nodes does). Written as a
//          quantified path pattern with ALL SHORTEST: the same rule in allShortestPaths' WHERE made
//          Neo4j 5.26 fail on real data ("Index 1 out of bounds"). The hop bound is fixed in the text
//          (12) because a quantifier takes no parameter; longer answers are dropped.
// params: a, b, types, max_hops, through_hubs, max_sharing, hub_limit, all_types
// returns: path (list of node IDs from a to b)
MATCH (a) WHERE elementId(a) = $a
MATCH (b) WHERE elementId(b) = $b
MATCH p = ALL SHORTEST (a)(()-[r]-(n)
      WHERE type(r) IN $types
        AND (n = b OR $through_hubs OR (NOT n:Drug
             AND NOT (n:Identifier AND COUNT { (n)-[x]-() WHERE type(x) IN $all_types } > $max_sharing)
             AND NOT (n:Institution AND COUNT { (n)-[y]-() WHERE type(y) IN $all_types } > $hub_limit)))){1,12}(b)
WHERE length(p) <= $max_hops
RETURN [m IN nodes(p) | labels(m)[0] + ':' + m._key] AS path
