// name: det_inventory_buyers
// mode: read
// purpose: the valid settled lines of the given drugs at the given pharmacies, one row per line,
//          for the months where the pharmacy sold more than it had (evidence and card links).
// params: $institutions, $drugs
// returns: fixmedins_code, med_list_codg, month, psn_no, row_key, src_file, src_line, setl_id, t, cnt
MATCH (f:FeeLine)
WHERE f.vali_flag = 1 AND f.fixmedins_code IN $institutions AND f.med_list_codg IN $drugs
RETURN f.fixmedins_code AS fixmedins_code, f.med_list_codg AS med_list_codg,
       date.truncate('month', f.fee_ocur_time) AS month, f.psn_no AS psn_no, f._key AS row_key,
       f._src_file AS src_file, f._src_line AS src_line, f.setl_id AS setl_id, f.fee_ocur_time AS t, f.cnt AS cnt
ORDER BY fixmedins_code, med_list_codg, t, row_key
