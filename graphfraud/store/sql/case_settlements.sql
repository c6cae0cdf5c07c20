-- name: case_settlements
-- purpose: a case bundle's settlements: the given setl_ids plus the refunds of the same visits (so
--          sums net out), every row with its source file and line; invalidated rows included.
-- params: $setl_ids
-- returns: setl_id, mdtrt_id, psn_no, fixmedins_code, med_type, setl_time, medfee_sumamt, hifp_pay,
--          fund_pay_sumamt, acct_pay, psn_cash_pay, refd_setl_flag, vali_flag, insuplc_admdvs,
--          mdtrtarea_admvs, mdtrt_cert_type, opter_id, dev_no, src_file, src_line
WITH chosen AS (SELECT * FROM setl_d WHERE _key IN (SELECT unnest($setl_ids)))
SELECT _key AS setl_id, mdtrt_id, psn_no, fixmedins_code, med_type, setl_time, medfee_sumamt, hifp_pay,
       fund_pay_sumamt, acct_pay, psn_cash_pay, refd_setl_flag, vali_flag, insuplc_admdvs, mdtrtarea_admvs,
       mdtrt_cert_type, opter_id, dev_no, _src_file AS src_file, _src_line AS src_line
FROM setl_d
WHERE _key IN (SELECT _key FROM chosen)
   OR (refd_setl_flag = 1 AND mdtrt_id IN (SELECT mdtrt_id FROM chosen WHERE mdtrt_id IS NOT NULL))
ORDER BY setl_time, setl_id;
