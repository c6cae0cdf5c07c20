// name: neighbours
// mode: read
// purpose: the relationships (of the given graph types) touching a set of nodes, as node IDs, for
//          subgraph expansion and path search. Result links (:Ring HAS_MEMBER) are not graph types.
// params: eids, types
// returns: src, dst, type (src and dst as "Label:key", in the relationship's direction)
UNWIND $eids AS eid
MATCH (n) WHERE elementId(n) = eid
MATCH (n)-[r]-(m)
WHERE type(r) IN $types
WITH DISTINCT startNode(r) AS a, endNode(r) AS b, type(r) AS type
RETURN labels(a)[0] + ':' + a._key AS src, labels(b)[0] + ':' + b._key AS dst, type
