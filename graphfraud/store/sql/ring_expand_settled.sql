-- name: ring_expand_settled
-- purpose: one step of the card -> institution -> card expansion (Hangzhou Xihu model): the
--          person-institution pairs of valid, non-refund settlements touching the given persons or
--          institutions, with each institution's distinct card count. Pairs reached through an
--          institution with more than $max_cards cards are left out (hub cap); the given persons'
--          own pairs are always returned so the capped hubs can be listed.
-- params: $persons, $institutions, $max_cards
-- returns: psn_no, fixmedins_code, settlements, fund_pay_sumamt, first_time, last_time, cards
WITH pairs AS (
    SELECT psn_no, fixmedins_code, count(*) AS settlements, sum(coalesce(fund_pay_sumamt, 0)) AS fund_pay_sumamt,
           min(setl_time) AS first_time, max(setl_time) AS last_time
    FROM setl_d
    WHERE vali_flag = 1 AND refd_setl_flag = 0 AND psn_no IS NOT NULL AND fixmedins_code IS NOT NULL
      AND (psn_no IN (SELECT unnest($persons)) OR fixmedins_code IN (SELECT unnest($institutions)))
    GROUP BY psn_no, fixmedins_code),
cards AS (
    SELECT fixmedins_code, count(DISTINCT psn_no) AS cards FROM setl_d
    WHERE vali_flag = 1 AND refd_setl_flag = 0 AND fixmedins_code IN (SELECT fixmedins_code FROM pairs)
    GROUP BY fixmedins_code)
SELECT p.psn_no, p.fixmedins_code, p.settlements, round(p.fund_pay_sumamt, 2) AS fund_pay_sumamt,
       p.first_time, p.last_time, c.cards
FROM pairs p JOIN cards c USING (fixmedins_code)
WHERE p.psn_no IN (SELECT unnest($persons)) OR c.cards <= $max_cards
ORDER BY p.fixmedins_code, p.psn_no;
