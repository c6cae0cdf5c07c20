-- name: det_inventory_buyers
-- purpose: the valid settled lines of the given drugs at the given pharmacies, one row per line,
--          for the months where the pharmacy sold more than it had (evidence and card links).
-- params: $institutions, $drugs
-- returns: fixmedins_code, med_list_codg, month, psn_no, row_key, src_file, src_line, setl_id, t, cnt
SELECT fixmedins_code, med_list_codg, CAST(date_trunc('month', fee_ocur_time) AS DATE) AS month, psn_no,
       _key AS row_key, _src_file AS src_file, _src_line AS src_line, setl_id, fee_ocur_time AS t, cnt
FROM fee_list_d
WHERE vali_flag = 1 AND fixmedins_code IN (SELECT unnest($institutions)) AND med_list_codg IN (SELECT unnest($drugs))
ORDER BY fixmedins_code, med_list_codg, t, row_key;
