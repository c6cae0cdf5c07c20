-- name: det_person_drug_lines
-- purpose: the valid watch-list drug lines of the given persons: evidence for over-supply and
--          doctor shopping, fetched only for the persons flagged.
-- params: $psn_nos, $drugs
-- returns: psn_no, dr12, row_key, src_file, src_line, setl_id, fixmedins_code, dr_code, t, cnt, prd_days
SELECT psn_no, left(med_list_codg, 12) AS dr12, _key AS row_key, _src_file AS src_file, _src_line AS src_line,
       setl_id, fixmedins_code, bilg_dr_codg AS dr_code, fee_ocur_time AS t, cnt, prd_days
FROM fee_list_d
WHERE vali_flag = 1 AND psn_no IN (SELECT unnest($psn_nos))
  AND (len($drugs) = 0 OR med_list_codg IN (SELECT unnest($drugs)))
ORDER BY psn_no, dr12, t, row_key;
