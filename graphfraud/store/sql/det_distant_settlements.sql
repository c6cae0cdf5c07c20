-- name: det_distant_settlements
-- purpose: consecutive settlements of one person in two prefectures (first 4 digits of the
--          treatment region, else of the institution code's region) less than $hours hours apart.
--          Inpatient med_types ($inpatient_med_types) are left out: their settlement time is not a
--          time the person was there. Valid, non-refund only. One row per settlement of each pair, with
--          `nearby`: the person's other settlements in that prefecture within $base_days days (where
--          the person was living then: a snowbird's winter town, not the relative's errand at home).
-- params: $hours, $inpatient_med_types, $base_days
-- returns: pair_id, psn_no, fixmedins_code, prefecture, home, t, gap_hours, nearby, row_key, src_file, src_line,
--          setl_id
WITH s AS (
    SELECT psn_no, fixmedins_code, setl_time AS t, _key, _src_file, _src_line,
           left(coalesce(mdtrtarea_admvs, substr(fixmedins_code, 2, 6)), 4) AS prefecture,
           left(insuplc_admdvs, 4) AS home
    FROM setl_d
    WHERE vali_flag = 1 AND refd_setl_flag = 0 AND psn_no IS NOT NULL AND setl_time IS NOT NULL
      AND coalesce(med_type, '') NOT IN (SELECT unnest($inpatient_med_types))
      AND left(coalesce(med_type, ''), 2) NOT IN (SELECT unnest($inpatient_med_types))  -- local codes (2101)
), seq AS (
    SELECT *, lag(_key) OVER w AS prev_key, lag(t) OVER w AS prev_t, lag(prefecture) OVER w AS prev_pref
    FROM s WINDOW w AS (PARTITION BY psn_no ORDER BY t, _key)
), pairs AS (
    SELECT prev_key || '>' || _key AS pair_id, prev_key, _key, (epoch(t) - epoch(prev_t)) / 3600.0 AS gap_hours FROM seq
    WHERE prev_pref IS NOT NULL AND prefecture <> prev_pref AND epoch(t) - epoch(prev_t) < CAST($hours * 3600 AS BIGINT)
), ends AS (
    -- both settlements of each pair: two equality joins (an IN over two columns joins every row to every pair on Spark)
    SELECT p.pair_id, p.prev_key, p._key AS next_key, p.gap_hours, s.psn_no, s.fixmedins_code, s.prefecture, s.home, s.t,
           s._src_file, s._src_line, s._key AS row_key
    FROM pairs p JOIN s ON s._key = p.prev_key
    UNION ALL
    SELECT p.pair_id, p.prev_key, p._key AS next_key, p.gap_hours, s.psn_no, s.fixmedins_code, s.prefecture, s.home, s.t,
           s._src_file, s._src_line, s._key AS row_key
    FROM pairs p JOIN s ON s._key = p._key
), near AS (
    -- the person's other settlements in the same prefecture within $base_days days (a join, not a correlated subquery)
    SELECT e.pair_id, e.row_key, count(o._key) AS nearby
    FROM ends e LEFT JOIN s AS o
      ON o.psn_no = e.psn_no AND o.prefecture = e.prefecture AND o._key <> e.prev_key AND o._key <> e.next_key
     AND abs(epoch(o.t) - epoch(e.t)) <= $base_days * 86400
    GROUP BY e.pair_id, e.row_key
)
SELECT e.pair_id, e.psn_no, e.fixmedins_code, e.prefecture, e.home, e.t, e.gap_hours, n.nearby,
       e.row_key, e._src_file AS src_file, e._src_line AS src_line, e.row_key AS setl_id
FROM ends e JOIN near n ON n.pair_id = e.pair_id AND n.row_key = e.row_key
ORDER BY pair_id, t, row_key;
