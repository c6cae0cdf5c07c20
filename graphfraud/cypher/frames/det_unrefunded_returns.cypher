// name: det_unrefunded_returns
// mode: read
// purpose: sale returns a pharmacy booked (inv_sale: return flag 1, or a negative count and no flag) for a
//          settlement that was never refunded: no refund settlement of the same person for the same visit,
//          nor at the same institution from the sale to $grace_days after the return. Returns booked within
//          $grace_days of the last settlement in the data are left out: their refund may lie past the export.
// params: $grace_days
// returns: row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, t, sold, cnt
CALL () { MATCH (c:Claim) RETURN max(c.setl_time) AS last }
MATCH (r:Sale)
WHERE r.setl_id IS NOT NULL AND r.sel_retn_time IS NOT NULL
  AND (r.sel_retn_flag = 1 OR (coalesce(r.sel_retn_flag, 0) <> 1 AND r.sel_retn_cnt < 0))
  AND r.sel_retn_time <= last - duration({days: $grace_days})
MATCH (s:Claim {_key: r.setl_id})
WHERE s.vali_flag = 1 AND s.refd_setl_flag = 0
  AND NOT EXISTS {
      MATCH (s)<-[:SETTLED]-(:Person)-[:SETTLED]->(x:Claim)
      WHERE x.refd_setl_flag = 1
        AND (x.mdtrt_id = s.mdtrt_id
             OR (x.fixmedins_code = s.fixmedins_code AND x.setl_time >= s.setl_time
                 AND x.setl_time <= r.sel_retn_time + duration({days: $grace_days})))
  }
RETURN r._key AS row_key, r._src_file AS src_file, r._src_line AS src_line, r.setl_id AS setl_id,
       s.psn_no AS psn_no, r.fixmedins_code AS fixmedins_code, r.med_list_codg AS med_list_codg,
       r.sel_retn_time AS t, s.setl_time AS sold, abs(r.sel_retn_cnt) AS cnt
ORDER BY fixmedins_code, psn_no, t, row_key
