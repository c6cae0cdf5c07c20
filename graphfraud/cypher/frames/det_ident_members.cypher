// name: det_ident_members
// mode: read
// purpose: persons holding identifiers (psn_ident, psn_info.tel/addr/certno) that 2..$max_persons
//          persons share (2..$pool_max for the $pool_types); one row per person and identifier. The HAS_IDENTIFIER relationship carries
//          its psn_ident row when there is one; otherwise the person's psn_info row is the evidence.
// params: $max_persons, $pool_types, $pool_max
// returns: ident_type, ident_value, psn_no, persons, table_name, row_key, src_file, src_line
MATCH (i:Identifier)<-[:HAS_IDENTIFIER]-(p:Person)
WITH i, count(DISTINCT p) AS persons, split(i._key, ':')[0] AS kind
WHERE persons >= 2 AND persons <= CASE WHEN kind IN $pool_types THEN $pool_max ELSE $max_persons END
MATCH (i)<-[r:HAS_IDENTIFIER]-(p:Person)
WITH i, persons, p, r, split(i._key, ':')[0] AS ident_type, r._key IS NOT NULL AS own_row
RETURN ident_type, substring(i._key, size(ident_type) + 1) AS ident_value, p._key AS psn_no, persons,
       CASE WHEN own_row THEN 'psn_ident' ELSE 'psn_info' END AS table_name,
       CASE WHEN own_row THEN r._key ELSE p._key END AS row_key,
       CASE WHEN own_row THEN r._src_file ELSE p._src_file END AS src_file,
       CASE WHEN own_row THEN r._src_line ELSE p._src_line END AS src_line
ORDER BY ident_type, ident_value, psn_no
