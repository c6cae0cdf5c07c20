-- name: det_place_idents
-- purpose: a prescriber sharing a phone or ID number with an institution he does not work at: the
--          pharmacy's contact phone is the doctor's mobile, or the doctor is its legal representative
--          (domain guide §2.3, "D and M sharing identifiers"). One row per shared value, with both
--          records as evidence.
-- params: none
-- returns: dr_code, fixmedins_code, ident_type, ident_value, dr_row_key, dr_src_file, dr_src_line,
--          row_key, src_file, src_line
WITH pairs AS (
    SELECT d.dr_code, m.fixmedins_code, 'tel' AS ident_type, d.tel AS ident_value, d._key AS dr_row_key,
           d._src_file AS dr_src_file, d._src_line AS dr_src_line, m._key AS row_key, m._src_file AS src_file,
           m._src_line AS src_line, d.fixmedins_code AS works_at
    FROM practitioner d JOIN fixmedins m ON m.tel = d.tel WHERE d.tel IS NOT NULL
    UNION ALL
    SELECT d.dr_code, m.fixmedins_code, 'certno', d.certno, d._key, d._src_file, d._src_line, m._key, m._src_file,
           m._src_line, d.fixmedins_code
    FROM practitioner d JOIN fixmedins m ON m.legal_rep_certno = d.certno WHERE d.certno IS NOT NULL
)
SELECT dr_code, fixmedins_code, ident_type, ident_value, dr_row_key, dr_src_file, dr_src_line, row_key, src_file,
       src_line
FROM pairs WHERE fixmedins_code IS DISTINCT FROM works_at
ORDER BY dr_code, fixmedins_code, ident_type;
