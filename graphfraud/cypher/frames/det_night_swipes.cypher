// name: det_night_swipes
// mode: read
// purpose: settlements from $start_hour to before $end_hour o'clock (wrapping past midnight when start > end) at institutions whose code does not
//          start with one of $exempt_prefixes (hospitals with emergency rooms work at night), one
//          row per settlement. Valid, non-refund only.
// params: $start_hour, $end_hour, $exempt_prefixes
// returns: fixmedins_code, psn_no, row_key, src_file, src_line, setl_id, t
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.psn_no IS NOT NULL AND c.fixmedins_code IS NOT NULL
  AND CASE WHEN $start_hour <= $end_hour THEN c.setl_time.hour >= $start_hour AND c.setl_time.hour < $end_hour
           ELSE c.setl_time.hour >= $start_hour OR c.setl_time.hour < $end_hour END
  AND NOT left(c.fixmedins_code, 1) IN $exempt_prefixes
RETURN c.fixmedins_code AS fixmedins_code, c.psn_no AS psn_no, c._key AS row_key, c._src_file AS src_file,
       c._src_line AS src_line, c._key AS setl_id, c.setl_time AS t
ORDER BY fixmedins_code, t, row_key
