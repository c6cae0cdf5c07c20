// name: det_swipe_windows
// mode: read
// purpose: windows of $window_minutes (grid shifted by $offset_minutes) in which one institution,
//          device (dev_no) or operator (opter_id) settled $min_cards or more distinct cards, with the
//          entity's mean and standard deviation of distinct cards per active window (its baseline).
//          One row per burst window and card: the card's first settlement in it. Valid, non-refund only.
//          Each card row carries its insured prefecture (insuplc_admdvs) and the settlement's total,
//          so the detector can tell collected cards (distant holders, identical baskets) from a
//          nursing home's residents (local, each with their own drugs), and its med_type (a filed
//          chronic refill's basket is identical by design).
// params: $window_minutes, $offset_minutes, $min_cards
// returns: kind, entity, win, cards, mean_cards, sd_cards, psn_no, fixmedins_code, row_key, src_file, src_line,
//          setl_id, t, insured_pref, medfee_sumamt, med_type
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.setl_time IS NOT NULL AND c.psn_no IS NOT NULL
WITH c, toInteger(floor((datetime({datetime: c.setl_time, timezone: 'UTC'}).epochSeconds / 60.0 + $offset_minutes)
                        / $window_minutes)) AS win
UNWIND [['institution', c.fixmedins_code], ['device', c.dev_no], ['operator', c.opter_id]] AS tag
WITH tag[0] AS kind, tag[1] AS entity, win, c WHERE entity IS NOT NULL
WITH kind, entity, win, collect(c) AS claims, count(DISTINCT c.psn_no) AS cards
WITH kind, entity, collect({win: win, claims: claims, cards: cards}) AS windows, avg(cards) AS mean_cards,
     stDevP(cards) AS sd_cards
UNWIND windows AS w
WITH kind, entity, mean_cards, sd_cards, w WHERE w.cards >= $min_cards
UNWIND w.claims AS c
WITH kind, entity, w.win AS win, w.cards AS cards, mean_cards, sd_cards, c ORDER BY c.setl_time, c._key
WITH kind, entity, win, cards, mean_cards, sd_cards, c.psn_no AS psn_no, collect(c) AS mine
RETURN kind, entity, win, cards, mean_cards, sd_cards, psn_no, mine[0].fixmedins_code AS fixmedins_code,
       mine[0]._key AS row_key, mine[0]._src_file AS src_file, mine[0]._src_line AS src_line,
       mine[0]._key AS setl_id, mine[0].setl_time AS t, left(mine[0].insuplc_admdvs, 4) AS insured_pref,
       mine[0].medfee_sumamt AS medfee_sumamt, mine[0].med_type AS med_type
ORDER BY kind, entity, win, psn_no
