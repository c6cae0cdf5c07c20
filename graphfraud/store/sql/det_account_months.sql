-- name: det_account_months
-- purpose: personal-account spending (acct_pay) per person and calendar month ('YYYY-MM'), valid rows only,
--          refund rows netted in (they carry negative amounts), with the number of original settlements.
-- params: none
-- returns: psn_no, month, acct_pay, settlements
SELECT psn_no, strftime(setl_time, '%Y-%m') AS month, sum(coalesce(acct_pay, 0)) AS acct_pay,
       sum(CASE WHEN refd_setl_flag = 0 THEN 1 ELSE 0 END) AS settlements
FROM setl_d WHERE vali_flag = 1 AND psn_no IS NOT NULL AND setl_time IS NOT NULL
GROUP BY ALL ORDER BY psn_no, month;
