-- name: case_identifiers
-- purpose: the identifiers (phone, address, bank account, device, ID number …) held by a case's
--          entities, so shared ones can be shown as binding links between members.
-- params: $node_ids
-- returns: owner, ident_type, ident_value
SELECT DISTINCT owner, type AS ident_type, value AS ident_value
FROM g_ident WHERE owner IN (SELECT unnest($node_ids)) AND value IS NOT NULL
ORDER BY owner, ident_type, ident_value;
