-- name: det_hand_cards
-- purpose: cards whose holder could not be at the counter (insured in another prefecture than the
--          institution's, or settled after the end of the holder's death day) settled at one counter
--          within $window_minutes of a settlement of a person who could be there (insured in that
--          prefecture, alive), on $min_days or more distinct days for that pair: the person held the
--          card, when he held $min_cards such cards or more (a hand). One row per absent settlement
--          of the card at a counter where he held it or any other of his cards, with the time of his
--          own settlement beside it (null when he settled nothing beside that one).
--          Valid, non-refund only. Windows are matched through buckets of $window_minutes, so no
--          counter's day is compared with itself pair by pair.
-- params: $window_minutes, $min_days, $min_cards
-- returns: holder, psn_no, fixmedins_code, t, holder_t, days, row_key, src_file, src_line, setl_id
WITH s AS (
    SELECT s.psn_no, s.fixmedins_code, s.setl_time AS t, s._key, s._src_file, s._src_line,
           left(s.insuplc_admdvs, 4) <> substr(s.fixmedins_code, 2, 4)
               OR (p.death_date IS NOT NULL AND epoch(s.setl_time) >= epoch(p.death_date) + 86400) AS absent,
           CAST(floor(epoch(s.setl_time) / 60 / $window_minutes) AS BIGINT) AS bucket
    FROM setl_d s LEFT JOIN psn_info p ON p.psn_no = s.psn_no
    WHERE s.vali_flag = 1 AND s.refd_setl_flag = 0 AND s.psn_no IS NOT NULL AND s.setl_time IS NOT NULL
      AND s.fixmedins_code IS NOT NULL AND s.insuplc_admdvs IS NOT NULL
), present AS (
    SELECT psn_no, fixmedins_code, t, unnest([bucket - 1, bucket, bucket + 1]) AS near FROM s WHERE NOT absent
), beside AS (
    SELECT h.psn_no AS holder, a.psn_no, a.fixmedins_code, a.t, a._key AS setl_id, min(h.t) AS holder_t
    FROM s a JOIN present h ON h.fixmedins_code = a.fixmedins_code AND h.near = a.bucket AND h.psn_no <> a.psn_no
    WHERE a.absent AND abs(epoch(h.t) - epoch(a.t)) <= $window_minutes * 60
    GROUP BY ALL
), repeated AS (
    SELECT holder, psn_no, count(DISTINCT CAST(t AS DATE)) AS days FROM beside GROUP BY ALL
    HAVING count(DISTINCT CAST(t AS DATE)) >= $min_days
), hands AS (
    SELECT * FROM repeated WHERE holder IN (SELECT holder FROM repeated GROUP BY holder HAVING count(*) >= $min_cards)
), counters AS (
    SELECT DISTINCT b.holder, b.fixmedins_code FROM hands r JOIN beside b USING (holder, psn_no)
), held AS (
    SELECT r.holder, r.psn_no, r.days, c.fixmedins_code FROM hands r JOIN counters c USING (holder)
)
SELECT h.holder, a.psn_no, a.fixmedins_code, a.t, b.holder_t, h.days, a._key AS row_key, a._src_file AS src_file,
       a._src_line AS src_line, a._key AS setl_id
FROM held h JOIN s a ON a.psn_no = h.psn_no AND a.fixmedins_code = h.fixmedins_code AND a.absent
LEFT JOIN beside b ON b.holder = h.holder AND b.setl_id = a._key
ORDER BY holder, psn_no, t, row_key;
