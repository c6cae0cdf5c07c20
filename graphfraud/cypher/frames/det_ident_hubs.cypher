// name: det_ident_hubs
// mode: read
// purpose: identifiers shared by more than $max_persons persons ($pool_max for the $pool_types: devices
//          and accounts a broker holds cards on): the super-nodes the shared-identifier
//          detector refuses to treat as links.
// params: $max_persons, $pool_types, $pool_max
// returns: ident_type, ident_value, persons
MATCH (i:Identifier)<-[:HAS_IDENTIFIER]-(p:Person)
WITH i, count(DISTINCT p) AS persons, split(i._key, ':')[0] AS ident_type
WHERE persons > CASE WHEN ident_type IN $pool_types THEN $pool_max ELSE $max_persons END
WITH i, persons, ident_type
RETURN ident_type, substring(i._key, size(ident_type) + 1) AS ident_value, persons
ORDER BY ident_type, ident_value
