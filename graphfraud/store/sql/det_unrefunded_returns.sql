-- name: det_unrefunded_returns
-- purpose: sale returns a pharmacy booked (inv_sale: return flag 1, or a negative count and no flag) for a
--          settlement the fund never refunded: no refund settlement of the same person for the same visit,
--          nor at the same institution from the sale to $grace_days after the return. Returns booked within
--          $grace_days of the last settlement in the data are left out: their refund may lie past the export.
-- params: $grace_days
-- returns: row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, t, sold, cnt
WITH last_settled AS (
    SELECT max(setl_time) AS t FROM setl_d
), returned AS (
    SELECT _key AS row_key, _src_file AS src_file, _src_line AS src_line, setl_id, fixmedins_code, med_list_codg,
           sel_retn_time AS t, abs(sel_retn_cnt) AS cnt
    FROM inv_sale
    WHERE setl_id IS NOT NULL AND sel_retn_time IS NOT NULL
      AND (sel_retn_flag = 1 OR (coalesce(sel_retn_flag, 0) <> 1 AND sel_retn_cnt < 0))
)
SELECT r.row_key, r.src_file, r.src_line, r.setl_id, s.psn_no, r.fixmedins_code, r.med_list_codg, r.t,
       s.setl_time AS sold, r.cnt
FROM returned r JOIN setl_d s ON s._key = r.setl_id CROSS JOIN last_settled l
WHERE s.vali_flag = 1 AND s.refd_setl_flag = 0
  AND epoch(r.t) <= epoch(l.t) - CAST($grace_days AS INTEGER) * 86400
  AND NOT EXISTS (
      SELECT 1 FROM setl_d x
      WHERE x.refd_setl_flag = 1 AND x.psn_no = s.psn_no
        AND (x.mdtrt_id = s.mdtrt_id
             OR (x.fixmedins_code = s.fixmedins_code AND x.setl_time >= s.setl_time
                 AND epoch(x.setl_time) <= epoch(r.t) + CAST($grace_days AS INTEGER) * 86400)))
ORDER BY r.fixmedins_code, s.psn_no, r.t, r.row_key;
