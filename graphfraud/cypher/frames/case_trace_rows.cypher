// name: case_trace_rows
// mode: read
// purpose: every row anywhere in the graph carrying one of the given drug trace codes, by channel
//          (fee line, pharmacy sale, purchase), so a bundle shows each code's whole chain.
// params: $codes
// returns: code, channel, row_key, event_time, fixmedins_code, psn_no, setl_id, med_list_codg,
//          src_file, src_line
MATCH (t:TraceCode)<-[:HAS_TRACE]-(n) WHERE t._key IN $codes AND (n:FeeLine OR n:Sale OR n:Purchase)
WITH t, n, CASE WHEN n:FeeLine THEN 'fee_list_d' WHEN n:Sale THEN 'inv_sale' ELSE 'inv_purc' END AS channel
RETURN t._key AS code, channel, n._key AS row_key,
       CASE channel WHEN 'fee_list_d' THEN n.fee_ocur_time WHEN 'inv_sale' THEN n.sel_retn_time
                    ELSE n.purc_retn_stoin_time END AS event_time,
       n.fixmedins_code AS fixmedins_code, n.psn_no AS psn_no, n.setl_id AS setl_id,
       n.med_list_codg AS med_list_codg, n._src_file AS src_file, n._src_line AS src_line
ORDER BY code, event_time, channel, row_key
