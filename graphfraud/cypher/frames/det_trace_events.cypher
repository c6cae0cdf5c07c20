// name: det_trace_events
// mode: read
// purpose: valid fee lines carrying a drug trace code that appears under two or more settlements
//          (refund copies included, so the detector can net them). One row per line and code.
// params: none
// returns: code, row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, t, cnt, trdn_flag
MATCH (t:TraceCode)<-[:HAS_TRACE]-(f:FeeLine) WHERE f.vali_flag = 1
WITH t, collect(f) AS lines, count(DISTINCT f.setl_id) AS settlements WHERE settlements >= 2
UNWIND lines AS f
RETURN t._key AS code, f._key AS row_key, f._src_file AS src_file, f._src_line AS src_line, f.setl_id AS setl_id,
       f.psn_no AS psn_no, f.fixmedins_code AS fixmedins_code, f.med_list_codg AS med_list_codg,
       f.fee_ocur_time AS t, f.cnt AS cnt, coalesce(f.trdn_flag, 0) AS trdn_flag
ORDER BY code, t, row_key
