-- name: det_setl_amounts
-- purpose: settlement amounts of the given setl_ids for detector evidence; invalidated rows
--          (vali_flag=0) count as 0 so they stay visible but never add up.
-- params: $setl_ids
-- returns: setl_id, fund_pay_sumamt, hifp_pay, acct_pay, medfee_sumamt
SELECT _key AS setl_id,
       CASE WHEN vali_flag = 1 THEN coalesce(fund_pay_sumamt, 0) ELSE 0 END AS fund_pay_sumamt,
       CASE WHEN vali_flag = 1 THEN coalesce(hifp_pay, 0) ELSE 0 END AS hifp_pay,
       CASE WHEN vali_flag = 1 THEN coalesce(acct_pay, 0) ELSE 0 END AS acct_pay,
       CASE WHEN vali_flag = 1 THEN coalesce(medfee_sumamt, 0) ELSE 0 END AS medfee_sumamt
FROM setl_d WHERE _key IN (SELECT unnest($setl_ids))
ORDER BY setl_id;
