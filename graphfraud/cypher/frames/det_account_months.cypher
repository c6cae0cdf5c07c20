// name: det_account_months
// mode: read
// purpose: personal-account spending (acct_pay) per person and calendar month ('YYYY-MM'), valid rows only,
//          refund rows netted in (they carry negative amounts), with the number of original settlements.
// params: none
// returns: psn_no, month, acct_pay, settlements
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.psn_no IS NOT NULL AND c.setl_time IS NOT NULL
WITH c.psn_no AS psn_no, left(toString(c.setl_time), 7) AS month, coalesce(c.acct_pay, 0.0) AS acct,
     CASE WHEN c.refd_setl_flag = 0 THEN 1 ELSE 0 END AS original
RETURN psn_no, month, sum(acct) AS acct_pay, sum(original) AS settlements
ORDER BY psn_no, month
