-- name: case_trace_rows
-- purpose: every row anywhere in the workspace carrying one of the given drug trace codes, by
--          channel (fee line, pharmacy sale, purchase), so a bundle shows each code's whole chain
--          (P -> T@M1 -> T@M2) and not only the ring's own rows.
-- params: $codes
-- returns: code, channel, row_key, event_time, fixmedins_code, psn_no, setl_id, med_list_codg,
--          src_file, src_line
SELECT t.code, 'fee_list_d' AS channel, f._key AS row_key, f.fee_ocur_time AS event_time, f.fixmedins_code,
       f.psn_no, f.setl_id, f.med_list_codg, f._src_file AS src_file, f._src_line AS src_line
FROM g_trace t JOIN fee_list_d f ON t.owner = 'FeeLine:' || f._key
WHERE t.code IN (SELECT unnest($codes))
UNION ALL
SELECT t.code, 'inv_sale', s._key, s.sel_retn_time, s.fixmedins_code, s.psn_no, s.setl_id, s.med_list_codg,
       s._src_file, s._src_line
FROM g_trace t JOIN inv_sale s ON t.owner = 'Sale:' || s._key
WHERE t.code IN (SELECT unnest($codes))
UNION ALL
SELECT t.code, 'inv_purc', p._key, p.purc_retn_stoin_time, p.fixmedins_code, NULL, NULL, p.med_list_codg,
       p._src_file, p._src_line
FROM g_trace t JOIN inv_purc p ON t.owner = 'Purchase:' || p._key
WHERE t.code IN (SELECT unnest($codes))
ORDER BY code, event_time, channel, row_key;
