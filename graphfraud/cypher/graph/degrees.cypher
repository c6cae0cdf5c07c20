// name: degrees
// mode: read
// purpose: how many graph relationships (of the given types) touch each node, for the super-node
//          rule of path search (GraphStore.super_nodes); the embedded store counts g_edges the same way.
// params: eids, types
// returns: id, degree
UNWIND $eids AS eid
MATCH (n) WHERE elementId(n) = eid
RETURN labels(n)[0] + ':' + n._key AS id, COUNT { (n)-[r]-() WHERE type(r) IN $types } AS degree
