// name: det_switched_lines
// mode: read
// purpose: valid positive fee lines carrying a trace code whose product (prefix of $prefix_len
//          characters) is given in $keys together with the line's drug variety ("prefix|Dr12"):
//          the boxes dispensed under another drug's code (串换). One row per line and code.
// params: $keys, $prefix_len, $code_len
// returns: code, row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, dr_code, t
MATCH (f:FeeLine)-[:HAS_TRACE]->(t:TraceCode)
WHERE f.vali_flag = 1 AND coalesce(f.cnt, 1.0) > 0 AND size(t._key) = $code_len
  AND left(t._key, $prefix_len) + '|' + left(f.med_list_codg, 12) IN $keys
RETURN t._key AS code, f._key AS row_key, f._src_file AS src_file, f._src_line AS src_line, f.setl_id AS setl_id,
       f.psn_no AS psn_no, f.fixmedins_code AS fixmedins_code, f.med_list_codg AS med_list_codg,
       f.bilg_dr_codg AS dr_code, f.fee_ocur_time AS t
ORDER BY fixmedins_code, t, row_key, code
