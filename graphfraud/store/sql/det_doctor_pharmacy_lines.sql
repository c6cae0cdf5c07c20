-- name: det_doctor_pharmacy_lines
-- purpose: the valid watch-list lines prescribed by the given doctors and filled at pharmacies:
--          evidence for doctor–pharmacy collusion.
-- params: $dr_codes, $drugs
-- returns: dr_code, fixmedins_code, psn_no, row_key, src_file, src_line, setl_id, t, cnt
SELECT bilg_dr_codg AS dr_code, fixmedins_code, psn_no, _key AS row_key, _src_file AS src_file,
       _src_line AS src_line, setl_id, fee_ocur_time AS t, cnt
FROM fee_list_d
WHERE vali_flag = 1 AND coalesce(cnt, 1) > 0 AND bilg_dr_codg IN (SELECT unnest($dr_codes))
  AND (len($drugs) = 0 OR med_list_codg IN (SELECT unnest($drugs)))
ORDER BY dr_code, fixmedins_code, t, row_key;
