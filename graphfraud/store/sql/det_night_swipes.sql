-- name: det_night_swipes
-- purpose: settlements from $start_hour to before $end_hour o'clock (wrapping past midnight when start > end) at institutions whose code does not
--          start with one of $exempt_prefixes (hospitals with emergency rooms work at night), one
--          row per settlement. Valid, non-refund only.
-- params: $start_hour, $end_hour, $exempt_prefixes
-- returns: fixmedins_code, psn_no, row_key, src_file, src_line, setl_id, t
SELECT fixmedins_code, psn_no, _key AS row_key, _src_file AS src_file, _src_line AS src_line, _key AS setl_id,
       setl_time AS t
FROM setl_d
WHERE vali_flag = 1 AND refd_setl_flag = 0 AND psn_no IS NOT NULL AND fixmedins_code IS NOT NULL
  AND CASE WHEN $start_hour <= $end_hour THEN hour(setl_time) >= $start_hour AND hour(setl_time) < $end_hour
           ELSE hour(setl_time) >= $start_hour OR hour(setl_time) < $end_hour END
  AND left(fixmedins_code, 1) NOT IN (SELECT unnest($exempt_prefixes))
ORDER BY fixmedins_code, t, row_key;
