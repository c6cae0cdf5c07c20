// name: det_doctor_pharmacy_lines
// mode: read
// purpose: the valid watch-list lines prescribed by the given doctors, outside filed chronic settlements
//          ($exempt_med_types): evidence for doctor–pharmacy collusion.
// params: $dr_codes, $drugs, $exempt_med_types
// returns: dr_code, fixmedins_code, psn_no, row_key, src_file, src_line, setl_id, t, cnt
MATCH (f:FeeLine)
WHERE f.vali_flag = 1 AND coalesce(f.cnt, 1.0) > 0 AND f.bilg_dr_codg IN $dr_codes
  AND (size($drugs) = 0 OR f.med_list_codg IN $drugs)
OPTIONAL MATCH (c:Claim {_key: f.setl_id})
WITH f, c WHERE NOT coalesce(c.med_type, '') IN $exempt_med_types
  AND NOT left(coalesce(c.med_type, ''), 2) IN $exempt_med_types  // local sub-codes (140104 under 14)
RETURN f.bilg_dr_codg AS dr_code, f.fixmedins_code AS fixmedins_code, f.psn_no AS psn_no, f._key AS row_key,
       f._src_file AS src_file, f._src_line AS src_line, f.setl_id AS setl_id, f.fee_ocur_time AS t, f.cnt AS cnt
ORDER BY dr_code, fixmedins_code, t, row_key
