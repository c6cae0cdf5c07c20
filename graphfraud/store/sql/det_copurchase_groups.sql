-- name: det_copurchase_groups
-- purpose: buyers of one watch-list drug variety (first 12 characters of med_list_codg) at one
--          institution in one window of $window_days days. Groups of 2..$max_buyers buyers list their
--          members (one row each, with one of their lines); larger groups are hubs and give a single
--          row with psn_no NULL, so the cap is visible. Valid lines only; refunds netted per group.
--          Lines settled under $exempt_med_types (门慢/门特: a filed chronic disease) are left out.
-- params: $drugs, $window_days, $max_buyers, $exempt_med_types
-- returns: fixmedins_code, win, dr12, buyers, psn_no, row_key, src_file, src_line, setl_id, t, cnt
WITH bought AS (
    SELECT f.fixmedins_code, CAST(floor(epoch(f.fee_ocur_time) / (86400 * $window_days)) AS BIGINT) AS win,
           left(f.med_list_codg, 12) AS dr12, f.psn_no, min(f._key) AS row_key, arg_min(f._src_file, f._key) AS src_file,
           arg_min(f._src_line, f._key) AS src_line, arg_min(f.setl_id, f._key) AS setl_id,
           min(f.fee_ocur_time) AS t, sum(coalesce(f.cnt, 1)) AS cnt
    FROM fee_list_d f LEFT JOIN setl_d s ON s._key = f.setl_id
    WHERE f.vali_flag = 1 AND f.fee_ocur_time IS NOT NULL
      AND (array_length($drugs) = 0 OR f.med_list_codg IN (SELECT unnest($drugs)))
      AND coalesce(s.med_type, '') NOT IN (SELECT unnest($exempt_med_types))
      AND left(coalesce(s.med_type, ''), 2) NOT IN (SELECT unnest($exempt_med_types))  -- local sub-codes (140104 under 14)
    GROUP BY ALL HAVING sum(coalesce(f.cnt, 1)) > 0
), sized AS (
    SELECT *, count(*) OVER (PARTITION BY fixmedins_code, win, dr12) AS buyers FROM bought
)
SELECT fixmedins_code, win, dr12, buyers, psn_no, row_key, src_file, src_line, setl_id, t, cnt
FROM sized WHERE buyers BETWEEN 2 AND $max_buyers
UNION ALL
SELECT DISTINCT fixmedins_code, win, dr12, buyers, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM sized WHERE buyers > $max_buyers
ORDER BY fixmedins_code, win, dr12, psn_no NULLS FIRST;
