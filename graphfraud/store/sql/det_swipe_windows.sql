-- name: det_swipe_windows
-- purpose: windows of $window_minutes (grid shifted by $offset_minutes) in which one institution,
--          device (dev_no) or operator (opter_id) settled $min_cards or more distinct cards, with the
--          entity's mean and standard deviation of distinct cards per active window (its baseline).
--          One row per burst window and card: the card's first settlement in it. Valid, non-refund only.
--          Each card row carries its insured prefecture (insuplc_admdvs) and the settlement's total,
--          so the detector can tell collected cards (distant holders, identical baskets) from a
--          nursing home's residents (local, each with their own drugs), and its med_type (a filed
--          chronic refill's basket is identical by design).
-- params: $window_minutes, $offset_minutes, $min_cards
-- returns: kind, entity, win, cards, mean_cards, sd_cards, psn_no, fixmedins_code, row_key, src_file, src_line,
--          setl_id, t, insured_pref, medfee_sumamt, med_type
WITH swipes AS (
    SELECT psn_no, fixmedins_code, dev_no, opter_id, setl_time, _key,
           CAST(floor((epoch(setl_time) / 60 + $offset_minutes) / $window_minutes) AS BIGINT) AS win
    FROM setl_d WHERE vali_flag = 1 AND refd_setl_flag = 0 AND setl_time IS NOT NULL AND psn_no IS NOT NULL
), tagged AS (
    SELECT 'institution' AS kind, fixmedins_code AS entity, win, psn_no, setl_time, _key FROM swipes
    WHERE fixmedins_code IS NOT NULL
    UNION ALL SELECT 'device', dev_no, win, psn_no, setl_time, _key FROM swipes WHERE dev_no IS NOT NULL
    UNION ALL SELECT 'operator', opter_id, win, psn_no, setl_time, _key FROM swipes WHERE opter_id IS NOT NULL
), per_window AS (
    SELECT kind, entity, win, count(DISTINCT psn_no) AS cards FROM tagged GROUP BY ALL
), baseline AS (
    SELECT kind, entity, avg(cards) AS mean_cards, coalesce(stddev_pop(cards), 0) AS sd_cards
    FROM per_window GROUP BY ALL
), bursts AS (
    SELECT w.*, b.mean_cards, b.sd_cards FROM per_window w JOIN baseline b USING (kind, entity)
    WHERE w.cards >= $min_cards
), firsts AS (  -- each card's first settlement in the window (settlement keys are unique)
    SELECT b.kind, b.entity, b.win, b.cards, b.mean_cards, b.sd_cards, t.psn_no,
           arg_min(t._key, (t.setl_time, t._key)) AS setl_key, min(t.setl_time) AS t
    FROM bursts b JOIN tagged t USING (kind, entity, win)
    GROUP BY b.kind, b.entity, b.win, b.cards, b.mean_cards, b.sd_cards, t.psn_no
)
SELECT f.kind, f.entity, f.win, f.cards, f.mean_cards, f.sd_cards, f.psn_no, s.fixmedins_code, s._key AS row_key,
       s._src_file AS src_file, s._src_line AS src_line, s._key AS setl_id, f.t,
       left(s.insuplc_admdvs, 4) AS insured_pref, s.medfee_sumamt, s.med_type
FROM firsts f JOIN setl_d s ON s._key = f.setl_key
ORDER BY kind, entity, win, psn_no;
