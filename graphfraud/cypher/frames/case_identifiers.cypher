// name: case_identifiers
// mode: read
// purpose: the identifiers (phone, address, bank account, device, ID number …) held by a case's
//          entities, so shared ones can be shown as binding links between members.
// params: $node_ids
// returns: owner, ident_type, ident_value
MATCH (n)-[:HAS_IDENTIFIER|LEGAL_REP]->(i:Identifier)
WHERE labels(n)[0] + ':' + n._key IN $node_ids AND i.value IS NOT NULL
RETURN DISTINCT labels(n)[0] + ':' + n._key AS owner, i.type AS ident_type, i.value AS ident_value
ORDER BY owner, ident_type, ident_value
