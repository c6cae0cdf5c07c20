-- name: det_unrefunded_returns
-- purpose: sale returns a pharmacy booked (inv_sale: return flag 1, or a negative count and no flag) for a
--          settlement that was never refunded: no refund settlement of the same person for the same visit,
--          nor at the same institution from the sale to $grace_days after the return. Returns booked within
--          $grace_days of the last settlement in the data are left out: their refund may lie past the export.
-- params: $grace_days
-- returns: row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, t, sold, cnt
WITH last_settled AS (
    SELECT max(setl_time) AS t FROM setl_d
), returned AS (
    SELECT r._key AS row_key, r._src_file AS src_file, r._src_line AS src_line, r.setl_id, r.fixmedins_code,
           r.med_list_codg, r.sel_retn_time AS t, abs(r.sel_retn_cnt) AS cnt, s.psn_no, s.mdtrt_id,
           s.fixmedins_code AS setl_place, s.setl_time AS sold
    FROM inv_sale r JOIN setl_d s ON s._key = r.setl_id CROSS JOIN last_settled l
    WHERE r.setl_id IS NOT NULL AND r.sel_retn_time IS NOT NULL
      AND (r.sel_retn_flag = 1 OR (coalesce(r.sel_retn_flag, 0) <> 1 AND r.sel_retn_cnt < 0))
      AND s.vali_flag = 1 AND s.refd_setl_flag = 0
      AND epoch(r.sel_retn_time) <= epoch(l.t) - CAST($grace_days AS INTEGER) * 86400
), refunded AS (
    SELECT DISTINCT r.row_key
    FROM returned r JOIN setl_d x ON x.psn_no = r.psn_no AND x.refd_setl_flag = 1
    WHERE x.mdtrt_id = r.mdtrt_id
       OR (x.fixmedins_code = r.setl_place AND epoch(x.setl_time) >= epoch(r.sold)
           AND epoch(x.setl_time) <= epoch(r.t) + CAST($grace_days AS INTEGER) * 86400)
)
SELECT r.row_key, r.src_file, r.src_line, r.setl_id, r.psn_no, r.fixmedins_code, r.med_list_codg, r.t, r.sold, r.cnt
FROM returned r LEFT JOIN refunded f ON f.row_key = r.row_key
WHERE f.row_key IS NULL
ORDER BY r.fixmedins_code, r.psn_no, r.t, r.row_key;
