-- name: det_switched_lines
-- purpose: valid positive fee lines carrying a trace code whose product (prefix of $prefix_len
--          characters) is given in $keys together with the line's drug variety ("prefix|Dr12"):
--          the boxes dispensed under another drug's code (串换). One row per line and code.
-- params: $keys, $prefix_len, $code_len
-- returns: code, row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, dr_code, t
SELECT trim(code) AS code, _key AS row_key, _src_file AS src_file, _src_line AS src_line, setl_id, psn_no,
       fixmedins_code, med_list_codg, bilg_dr_codg AS dr_code, fee_ocur_time AS t
FROM (SELECT *, unnest(string_split_regex(drug_trac_codg, '[,;|]')) AS code FROM fee_list_d
      WHERE drug_trac_codg IS NOT NULL AND vali_flag = 1 AND coalesce(cnt, 1) > 0)
WHERE length(trim(code)) = $code_len
  AND left(trim(code), $prefix_len) || '|' || left(med_list_codg, 12) IN (SELECT unnest($keys))
ORDER BY fixmedins_code, t, row_key, code;
