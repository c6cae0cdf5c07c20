// name: det_setl_amounts
// mode: read
// purpose: settlement amounts of the given setl_ids for detector evidence; invalidated rows
//          (vali_flag=0) count as 0 so they stay visible but never add up.
// params: $setl_ids
// returns: setl_id, fund_pay_sumamt, hifp_pay, acct_pay, medfee_sumamt
MATCH (c:Claim) WHERE c._key IN $setl_ids
WITH c, CASE WHEN c.vali_flag = 1 THEN 1.0 ELSE 0.0 END AS valid
RETURN c._key AS setl_id, valid * coalesce(c.fund_pay_sumamt, 0.0) AS fund_pay_sumamt,
       valid * coalesce(c.hifp_pay, 0.0) AS hifp_pay, valid * coalesce(c.acct_pay, 0.0) AS acct_pay,
       valid * coalesce(c.medfee_sumamt, 0.0) AS medfee_sumamt
ORDER BY setl_id
