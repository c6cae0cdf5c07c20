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
), seq AS (
    SELECT *, lag(_key) OVER w AS prev_key, lag(t) OVER w AS prev_t, lag(prefecture) OVER w AS prev_pref
    FROM s WINDOW w AS (PARTITION BY psn_no ORDER BY t, _key)
), pairs AS (
    SELECT prev_key || '>' || _key AS pair_id, prev_key, _key, (epoch(t) - epoch(prev_t)) / 3600.0 AS gap_hours FROM seq
    WHERE prev_pref IS NOT NULL AND prefecture <> prev_pref AND epoch(t) - epoch(prev_t) < CAST($hours * 3600 AS BIGINT)
)
SELECT p.pair_id, s.psn_no, s.fixmedins_code, s.prefecture, s.home, s.t, p.gap_hours,
       (SELECT count(*) FROM s AS o WHERE o.psn_no = s.psn_no AND o.prefecture = s.prefecture
          AND o._key NOT IN (p.prev_key, p._key)
          AND abs(epoch(o.t) - epoch(s.t)) <= $base_days * 86400) AS nearby,
       s._key AS row_key, s._src_file AS src_file, s._src_line AS src_line, s._key AS setl_id
FROM pairs p JOIN s ON s._key IN (p.prev_key, p._key)
ORDER BY pair_id, t, row_key;
