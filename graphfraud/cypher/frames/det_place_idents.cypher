// name: det_place_idents
// mode: read
// purpose: a prescriber sharing a phone or ID number with an institution he does not work at: the
//          pharmacy's contact phone is the doctor's mobile, or the doctor is its legal representative
//          (domain guide §2.3, "D and M sharing identifiers"). One row per shared value, with both
//          records as evidence.
// params: none
// returns: dr_code, fixmedins_code, ident_type, ident_value, dr_row_key, dr_src_file, dr_src_line,
//          row_key, src_file, src_line
MATCH (d:Practitioner)-[:HAS_IDENTIFIER]->(i:Identifier)<-[:HAS_IDENTIFIER|LEGAL_REP]-(m:Institution)
WITH d, m, split(i._key, ':')[0] AS ident_type, i
WHERE ident_type IN ['tel', 'certno'] AND m._key <> coalesce(d.fixmedins_code, '')
RETURN d._key AS dr_code, m._key AS fixmedins_code, ident_type, substring(i._key, size(ident_type) + 1) AS ident_value,
       d._key AS dr_row_key, d._src_file AS dr_src_file, d._src_line AS dr_src_line, m._key AS row_key,
       m._src_file AS src_file, m._src_line AS src_line
ORDER BY dr_code, fixmedins_code, ident_type
