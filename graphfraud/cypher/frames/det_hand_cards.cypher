// name: det_hand_cards
// mode: read
// purpose: cards whose holder could not be at the counter (insured in another prefecture than the
//          institution's, or settled after the end of the holder's death day) settled at one counter
//          within $window_minutes of a settlement of a person who could be there (insured in that
//          prefecture, alive), on $min_days or more distinct days for that pair: the person held the
//          card, when he held $min_cards such cards or more (a hand). One row per absent settlement
//          of the card at a counter where he held it or any other of his cards, with the time of his
//          own settlement beside it (null when he settled nothing beside that one).
//          Valid, non-refund only. Windows are matched through buckets of $window_minutes (grouping,
//          not a pairwise scan).
// params: $window_minutes, $min_days, $min_cards
// returns: holder, psn_no, fixmedins_code, t, holder_t, days, row_key, src_file, src_line, setl_id
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.psn_no IS NOT NULL AND c.setl_time IS NOT NULL
  AND c.fixmedins_code IS NOT NULL AND c.insuplc_admdvs IS NOT NULL
OPTIONAL MATCH (p:Person)-[:SETTLED]->(c)
WITH c, datetime({datetime: c.setl_time, timezone: 'UTC'}).epochSeconds AS secs,
     left(c.insuplc_admdvs, 4) <> substring(c.fixmedins_code, 1, 4)
       OR (p.death_date IS NOT NULL
           AND datetime({datetime: c.setl_time, timezone: 'UTC'}).epochSeconds
               >= datetime({datetime: p.death_date, timezone: 'UTC'}).epochSeconds + 86400) AS absent
WITH c, secs, absent, toInteger(floor(secs / 60.0 / $window_minutes)) AS bucket
UNWIND CASE WHEN absent THEN [bucket] ELSE [bucket - 1, bucket, bucket + 1] END AS near
WITH c.fixmedins_code AS fixmedins_code, near,
     collect(CASE WHEN absent THEN {c: c, secs: secs} END) AS cards,
     collect(CASE WHEN NOT absent THEN {psn_no: c.psn_no, t: c.setl_time, secs: secs} END) AS present
WHERE size(cards) > 0 AND size(present) > 0
UNWIND cards AS a
UNWIND present AS h
WITH a, h WHERE h.psn_no <> a.c.psn_no AND abs(h.secs - a.secs) <= $window_minutes * 60
WITH h.psn_no AS holder, a.c AS card, min(h.t) AS holder_t
WITH holder, card.psn_no AS psn_no, collect({card: card, holder_t: holder_t}) AS rows,
     count(DISTINCT date(card.setl_time)) AS days
WHERE days >= $min_days
WITH holder, collect({psn_no: psn_no, days: days, rows: rows}) AS cards
WHERE size(cards) >= $min_cards
WITH holder, cards, reduce(seen = [], c IN cards | seen + [r IN c.rows | r.card.fixmedins_code]) AS counters
UNWIND cards AS held
WITH holder, held.psn_no AS psn_no, held.days AS days, held.rows AS rows, counters
MATCH (p:Person)-[:SETTLED]->(c:Claim)
WHERE p._key = psn_no AND c.fixmedins_code IN counters AND c.vali_flag = 1 AND c.refd_setl_flag = 0
  AND c.setl_time IS NOT NULL AND c.insuplc_admdvs IS NOT NULL
  AND (left(c.insuplc_admdvs, 4) <> substring(c.fixmedins_code, 1, 4)
       OR (p.death_date IS NOT NULL
           AND datetime({datetime: c.setl_time, timezone: 'UTC'}).epochSeconds
               >= datetime({datetime: p.death_date, timezone: 'UTC'}).epochSeconds + 86400))
RETURN holder, psn_no, c.fixmedins_code AS fixmedins_code, c.setl_time AS t,
       [r IN rows WHERE r.card._key = c._key | r.holder_t][0] AS holder_t, days, c._key AS row_key,
       c._src_file AS src_file, c._src_line AS src_line, c._key AS setl_id
ORDER BY holder, psn_no, t, row_key
