// name: ring_expand_settled
// mode: read
// purpose: one step of the card -> institution -> card expansion (Hangzhou Xihu model): the
//          person-institution pairs of valid, non-refund settlements touching the given persons or
//          institutions, with each institution's distinct card count. Pairs reached through an
//          institution with more than $max_cards cards are left out (hub cap); the given persons'
//          own pairs are always returned so the capped hubs can be listed.
// params: $persons, $institutions, $max_cards
// returns: psn_no, fixmedins_code, settlements, fund_pay_sumamt, first_time, last_time, cards
MATCH (p:Person)-[:SETTLED]->(c:Claim)-[:AT]->(m:Institution)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND (p._key IN $persons OR m._key IN $institutions)
WITH p._key AS psn_no, m, count(c) AS settlements, sum(coalesce(c.fund_pay_sumamt, 0.0)) AS fund_pay_sumamt,
     min(c.setl_time) AS first_time, max(c.setl_time) AS last_time
CALL (m) {
  MATCH (q:Person)-[:SETTLED]->(d:Claim)-[:AT]->(m)
  WHERE d.vali_flag = 1 AND d.refd_setl_flag = 0
  RETURN count(DISTINCT q) AS cards
}
WITH psn_no, m._key AS fixmedins_code, settlements, fund_pay_sumamt, first_time, last_time, cards
WHERE psn_no IN $persons OR cards <= $max_cards
RETURN psn_no, fixmedins_code, settlements, round(fund_pay_sumamt, 2) AS fund_pay_sumamt, first_time, last_time,
       cards
ORDER BY fixmedins_code, psn_no
