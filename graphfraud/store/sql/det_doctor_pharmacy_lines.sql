-- name: det_doctor_pharmacy_lines
-- purpose: the valid watch-list lines prescribed by the given doctors, outside filed chronic settlements
--          ($exempt_med_types): evidence for doctor–pharmacy collusion.
-- params: $dr_codes, $drugs, $exempt_med_types
-- returns: dr_code, fixmedins_code, psn_no, row_key, src_file, src_line, setl_id, t, cnt
SELECT f.bilg_dr_codg AS dr_code, f.fixmedins_code, f.psn_no, f._key AS row_key, f._src_file AS src_file,
       f._src_line AS src_line, f.setl_id, f.fee_ocur_time AS t, f.cnt
FROM fee_list_d f LEFT JOIN setl_d s ON s._key = f.setl_id
WHERE f.vali_flag = 1 AND coalesce(f.cnt, 1) > 0 AND f.bilg_dr_codg IN (SELECT unnest($dr_codes))
  AND (array_length($drugs) = 0 OR f.med_list_codg IN (SELECT unnest($drugs)))
  AND coalesce(s.med_type, '') NOT IN (SELECT unnest($exempt_med_types))
  AND left(coalesce(s.med_type, ''), 2) NOT IN (SELECT unnest($exempt_med_types))  -- local sub-codes (140104 under 14)
ORDER BY dr_code, fixmedins_code, t, row_key;
