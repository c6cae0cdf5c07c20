// name: det_person_drug_lines
// mode: read
// purpose: the valid watch-list drug lines of the given persons: evidence for over-supply and
//          doctor shopping, fetched only for the persons flagged; lines of stays ($inpatient_med_types) left out.
// params: $psn_nos, $drugs, $inpatient_med_types
// returns: psn_no, dr12, row_key, src_file, src_line, setl_id, fixmedins_code, dr_code, t, cnt, prd_days,
//          coded (the line carries a trace code: its boxes were scanned)
MATCH (f:FeeLine)
WHERE f.vali_flag = 1 AND f.psn_no IN $psn_nos AND (size($drugs) = 0 OR f.med_list_codg IN $drugs)
OPTIONAL MATCH (c:Claim {_key: f.setl_id})
WITH f, c WHERE NOT coalesce(c.med_type, '') IN $inpatient_med_types
  AND NOT left(coalesce(c.med_type, ''), 2) IN $inpatient_med_types  // local codes (2101)
RETURN f.psn_no AS psn_no, left(f.med_list_codg, 12) AS dr12, f._key AS row_key, f._src_file AS src_file,
       f._src_line AS src_line, f.setl_id AS setl_id, f.fixmedins_code AS fixmedins_code, f.bilg_dr_codg AS dr_code,
       f.fee_ocur_time AS t, f.cnt AS cnt, f.prd_days AS prd_days,
       coalesce(f.drug_trac_codg, '') <> '' AS coded
ORDER BY psn_no, dr12, t, row_key
