// name: case_identifiers
// mode: read
// purpose: the identifiers (phone, address, bank account, device, ID number …) held by a case's
//          entities, so shared ones can be shown as binding links between members. An :Identifier
//          node's _key is "type:value"; each branch seeks its label's _key index.
// params: $node_ids
// returns: owner, ident_type, ident_value
CALL () {
  MATCH (n:Person)-[:HAS_IDENTIFIER]->(i:Identifier)
  WHERE n._key IN [x IN $node_ids WHERE x STARTS WITH 'Person:' | substring(x, 7)]
  RETURN 'Person:' + n._key AS owner, i._key AS ident
  UNION
  MATCH (n:Institution)-[:HAS_IDENTIFIER|LEGAL_REP]->(i:Identifier)
  WHERE n._key IN [x IN $node_ids WHERE x STARTS WITH 'Institution:' | substring(x, 12)]
  RETURN 'Institution:' + n._key AS owner, i._key AS ident
  UNION
  MATCH (n:Practitioner)-[:HAS_IDENTIFIER]->(i:Identifier)
  WHERE n._key IN [x IN $node_ids WHERE x STARTS WITH 'Practitioner:' | substring(x, 13)]
  RETURN 'Practitioner:' + n._key AS owner, i._key AS ident
}
WITH owner, ident, split(ident, ':')[0] AS ident_type
RETURN DISTINCT owner, ident_type, substring(ident, size(ident_type) + 1) AS ident_value
ORDER BY owner, ident_type, ident_value
