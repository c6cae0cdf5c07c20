-- name: det_external_fills
-- purpose: external prescriptions filled: one row per settlement of a drug line filled outside the
--          prescriber's own institution (at a pharmacy, or flagged rx_circ_flag=1), naming the
--          prescriber (bilg_dr_codg), with the first line as evidence. Valid, non-refund lines only.
-- params: $drugs
-- returns: psn_no, dr_code, fixmedins_code, setl_id, t, row_key, src_file, src_line
SELECT f.psn_no, f.bilg_dr_codg AS dr_code, f.fixmedins_code, f.setl_id, min(f.fee_ocur_time) AS t,
       min(f._key) AS row_key, arg_min(f._src_file, f._key) AS src_file, arg_min(f._src_line, f._key) AS src_line
FROM fee_list_d f LEFT JOIN practitioner p ON p.dr_code = f.bilg_dr_codg
WHERE f.vali_flag = 1 AND f.bilg_dr_codg IS NOT NULL AND f.psn_no IS NOT NULL AND f.fee_ocur_time IS NOT NULL
  AND coalesce(f.cnt, 1) > 0 AND (f.rx_circ_flag = 1 OR left(f.fixmedins_code, 1) = 'P')
  AND f.fixmedins_code IS DISTINCT FROM p.fixmedins_code
  AND f.med_list_codg IN (SELECT unnest($drugs))
GROUP BY f.psn_no, f.bilg_dr_codg, f.fixmedins_code, f.setl_id
ORDER BY psn_no, dr_code, t, setl_id;
