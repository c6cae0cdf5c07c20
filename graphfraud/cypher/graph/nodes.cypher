// name: nodes
// mode: read
// purpose: ID, label, key and display name of nodes given by element ID (the name is the column the
//          embedded graph uses: psn_name, fixmedins_name, dr_name, reg_name, hilist_name, rule_name).
// params: eids
// returns: id, label, key, name
UNWIND $eids AS eid
MATCH (n) WHERE elementId(n) = eid
RETURN labels(n)[0] + ':' + n._key AS id, labels(n)[0] AS label, n._key AS key,
       coalesce(n.psn_name, n.fixmedins_name, n.dr_name, n.reg_name, n.hilist_name, n.rule_name) AS name
