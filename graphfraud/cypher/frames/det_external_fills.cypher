// name: det_external_fills
// mode: read
// purpose: external prescriptions filled: one row per settlement of a drug line filled outside the
//          prescriber's own institution (at a pharmacy, or flagged rx_circ_flag=1), naming the
//          prescriber (bilg_dr_codg), with the first line as evidence. Valid, non-refund lines only.
// params: $drugs
// returns: psn_no, dr_code, fixmedins_code, setl_id, t, row_key, src_file, src_line
MATCH (f:FeeLine)
WHERE f.vali_flag = 1 AND f.bilg_dr_codg IS NOT NULL AND f.psn_no IS NOT NULL AND f.fee_ocur_time IS NOT NULL
  AND coalesce(f.cnt, 1.0) > 0 AND (f.rx_circ_flag = 1 OR left(f.fixmedins_code, 1) = 'P')
  AND f.med_list_codg IN $drugs
OPTIONAL MATCH (d:Practitioner {_key: f.bilg_dr_codg})
WITH f, d.fixmedins_code AS home WHERE home IS NULL OR home <> f.fixmedins_code
WITH f ORDER BY f._key
WITH f.psn_no AS psn_no, f.bilg_dr_codg AS dr_code, f.fixmedins_code AS fixmedins_code, f.setl_id AS setl_id,
     min(f.fee_ocur_time) AS t, collect(f)[0] AS first
RETURN psn_no, dr_code, fixmedins_code, setl_id, t, first._key AS row_key, first._src_file AS src_file,
       first._src_line AS src_line
ORDER BY psn_no, dr_code, t, setl_id
