-- name: det_copurchase_groups
-- purpose: buyers of one watch-list drug variety (first 12 characters of med_list_codg) at one
--          institution in one window of $window_days days. Groups of 2..$max_buyers buyers list their
--          members (one row each, with one of their lines); larger groups are hubs and give a single
--          row with psn_no NULL, so the cap is visible. Valid lines only; refunds netted per group.
-- params: $drugs, $window_days, $max_buyers
-- returns: fixmedins_code, win, dr12, buyers, psn_no, row_key, src_file, src_line, setl_id, t, cnt
WITH bought AS (
    SELECT fixmedins_code, CAST(floor(epoch(fee_ocur_time) / (86400 * $window_days)) AS BIGINT) AS win,
           left(med_list_codg, 12) AS dr12, psn_no, min(_key) AS row_key, arg_min(_src_file, _key) AS src_file,
           arg_min(_src_line, _key) AS src_line, arg_min(setl_id, _key) AS setl_id, min(fee_ocur_time) AS t,
           sum(coalesce(cnt, 1)) AS cnt
    FROM fee_list_d
    WHERE vali_flag = 1 AND fee_ocur_time IS NOT NULL AND (len($drugs) = 0 OR med_list_codg IN (SELECT unnest($drugs)))
    GROUP BY ALL HAVING sum(coalesce(cnt, 1)) > 0
), sized AS (
    SELECT *, count(*) OVER (PARTITION BY fixmedins_code, win, dr12) AS buyers FROM bought
)
SELECT fixmedins_code, win, dr12, buyers, psn_no, row_key, src_file, src_line, setl_id, t, cnt
FROM sized WHERE buyers BETWEEN 2 AND $max_buyers
UNION ALL
SELECT DISTINCT fixmedins_code, win, dr12, buyers, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM sized WHERE buyers > $max_buyers
ORDER BY fixmedins_code, win, dr12, psn_no NULLS FIRST;
