// name: det_copurchase_groups
// mode: read
// purpose: buyers of one watch-list drug variety (first 12 characters of med_list_codg) at one
//          institution in one window of $window_days days. Groups of 2..$max_buyers buyers list their
//          members (one row each, with their first line); larger groups are hubs and give a single row
//          with psn_no null, so the cap is visible. Valid lines only; refunds netted per group.
//          Lines settled under $exempt_med_types (门慢/门特: a filed chronic disease) are left out.
// params: $drugs, $window_days, $max_buyers, $exempt_med_types
// returns: fixmedins_code, win, dr12, buyers, psn_no, row_key, src_file, src_line, setl_id, t, cnt
MATCH (f:FeeLine)
WHERE f.vali_flag = 1 AND f.fee_ocur_time IS NOT NULL AND (size($drugs) = 0 OR f.med_list_codg IN $drugs)
OPTIONAL MATCH (c:Claim {_key: f.setl_id})
WITH f, c WHERE NOT coalesce(c.med_type, '') IN $exempt_med_types
  AND NOT left(coalesce(c.med_type, ''), 2) IN $exempt_med_types  // local sub-codes (140104 under 14)
WITH f.fixmedins_code AS fixmedins_code,
     toInteger(floor(datetime({datetime: f.fee_ocur_time, timezone: 'UTC'}).epochSeconds / (86400.0 * $window_days))) AS win,
     left(f.med_list_codg, 12) AS dr12, f.psn_no AS psn_no, f ORDER BY f._key
WITH fixmedins_code, win, dr12, psn_no, collect(f)[0] AS first, min(f.fee_ocur_time) AS t,
     sum(coalesce(f.cnt, 1.0)) AS cnt
WHERE cnt > 0
WITH fixmedins_code, win, dr12, collect({psn_no: psn_no, first: first, t: t, cnt: cnt}) AS members
WITH fixmedins_code, win, dr12, members, size(members) AS buyers WHERE buyers >= 2
UNWIND CASE WHEN buyers <= $max_buyers THEN members ELSE [null] END AS m
RETURN fixmedins_code, win, dr12, buyers, m.psn_no AS psn_no, m.first._key AS row_key,
       m.first._src_file AS src_file, m.first._src_line AS src_line, m.first.setl_id AS setl_id, m.t AS t, m.cnt AS cnt
ORDER BY fixmedins_code, win, dr12, psn_no
