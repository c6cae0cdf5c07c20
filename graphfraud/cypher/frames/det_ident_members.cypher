// name: det_ident_members
// mode: read
// purpose: persons holding identifiers that 2..$max_persons persons share (psn_ident rows, and
//          psn_info.tel/addr as HAS_IDENTIFIER relationships); one row per person and identifier, the
//          psn_ident row preferred. Relationships carry the source row's table, _key, _src_file, _src_line.
// params: $max_persons
// returns: ident_type, ident_value, psn_no, persons, table_name, row_key, src_file, src_line
MATCH (i:Identifier)<-[:HAS_IDENTIFIER]-(p:Person)
WITH i, count(DISTINCT p) AS persons WHERE persons >= 2 AND persons <= $max_persons
MATCH (i)<-[r:HAS_IDENTIFIER]-(p:Person)
WITH i, persons, p, r ORDER BY CASE r._table WHEN 'psn_ident' THEN 0 ELSE 1 END, r._key
WITH i, persons, p, collect(r)[0] AS r
RETURN i.type AS ident_type, i.value AS ident_value, p._key AS psn_no, persons, r._table AS table_name,
       r._key AS row_key, r._src_file AS src_file, r._src_line AS src_line
ORDER BY ident_type, ident_value, psn_no
