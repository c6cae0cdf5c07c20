-- name: det_swipe_windows
-- purpose: windows of $window_minutes (grid shifted by $offset_minutes) in which one institution,
--          device (dev_no) or operator (opter_id) settled $min_cards or more distinct cards, with the
--          entity's mean and standard deviation of distinct cards per active window (its baseline).
--          One row per burst window and card: the card's first settlement in it. Valid, non-refund only.
--          Each card row carries its insured prefecture (insuplc_admdvs) and the settlement's total,
--          so the detector can tell collected cards (distant holders, identical baskets) from a
--          nursing home's residents (local, each with their own drugs).
-- params: $window_minutes, $offset_minutes, $min_cards
-- returns: kind, entity, win, cards, mean_cards, sd_cards, psn_no, fixmedins_code, row_key, src_file, src_line,
--          setl_id, t, insured_pref, medfee_sumamt
WITH swipes AS (
    SELECT psn_no, fixmedins_code, _key, _src_file, _src_line, setl_time, left(insuplc_admdvs, 4) AS insured_pref,
           medfee_sumamt,
           CAST(floor((epoch(setl_time) / 60 + $offset_minutes) / $window_minutes) AS BIGINT) AS win,
           dev_no, opter_id
    FROM setl_d WHERE vali_flag = 1 AND refd_setl_flag = 0 AND setl_time IS NOT NULL AND psn_no IS NOT NULL
), tagged AS (
    SELECT 'institution' AS kind, fixmedins_code AS entity, * FROM swipes WHERE fixmedins_code IS NOT NULL
    UNION ALL SELECT 'device', dev_no, * FROM swipes WHERE dev_no IS NOT NULL
    UNION ALL SELECT 'operator', opter_id, * FROM swipes WHERE opter_id IS NOT NULL
), per_window AS (
    SELECT kind, entity, win, count(DISTINCT psn_no) AS cards FROM tagged GROUP BY ALL
), baseline AS (
    SELECT kind, entity, avg(cards) AS mean_cards, coalesce(stddev_pop(cards), 0) AS sd_cards
    FROM per_window GROUP BY ALL
), bursts AS (
    SELECT w.*, b.mean_cards, b.sd_cards FROM per_window w JOIN baseline b USING (kind, entity)
    WHERE w.cards >= $min_cards
)
SELECT b.kind, b.entity, b.win, b.cards, b.mean_cards, b.sd_cards, t.psn_no,
       arg_min(t.fixmedins_code, (t.setl_time, t._key)) AS fixmedins_code,
       arg_min(t._key, (t.setl_time, t._key)) AS row_key, arg_min(t._src_file, (t.setl_time, t._key)) AS src_file,
       arg_min(t._src_line, (t.setl_time, t._key)) AS src_line, arg_min(t._key, (t.setl_time, t._key)) AS setl_id,
       min(t.setl_time) AS t, arg_min(t.insured_pref, (t.setl_time, t._key)) AS insured_pref,
       arg_min(t.medfee_sumamt, (t.setl_time, t._key)) AS medfee_sumamt
FROM bursts b JOIN tagged t USING (kind, entity, win)
GROUP BY b.kind, b.entity, b.win, b.cards, b.mean_cards, b.sd_cards, t.psn_no
ORDER BY kind, entity, win, psn_no;
