// name: det_ident_hubs
// mode: read
// purpose: identifiers shared by more than $max_persons persons: the super-nodes the shared-identifier
//          detector refuses to treat as links.
// params: $max_persons
// returns: ident_type, ident_value, persons
MATCH (i:Identifier)<-[:HAS_IDENTIFIER]-(p:Person)
WITH i, count(DISTINCT p) AS persons WHERE persons > $max_persons
WITH i, persons, split(i._key, ':')[0] AS ident_type
RETURN ident_type, substring(i._key, size(ident_type) + 1) AS ident_value, persons
ORDER BY ident_type, ident_value
