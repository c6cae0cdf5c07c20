// name: case_settlements
// mode: read
// purpose: a case bundle's settlements: the given setl_ids plus the refunds of the same visits (so
//          sums net out), every row with its source file and line; invalidated rows included.
// params: $setl_ids
// returns: setl_id, mdtrt_id, psn_no, fixmedins_code, med_type, setl_time, medfee_sumamt, hifp_pay,
//          fund_pay_sumamt, acct_pay, psn_cash_pay, refd_setl_flag, vali_flag, insuplc_admdvs,
//          mdtrtarea_admvs, mdtrt_cert_type, opter_id, dev_no, src_file, src_line
MATCH (c:Claim) WHERE c._key IN $setl_ids
WITH collect(c) AS chosen
WITH chosen, [c IN chosen WHERE c.mdtrt_id IS NOT NULL | c.mdtrt_id] AS visits
OPTIONAL MATCH (r:Claim) WHERE r.refd_setl_flag = 1 AND r.mdtrt_id IN visits
WITH chosen, collect(r) AS refunds
UNWIND chosen + refunds AS s
WITH DISTINCT s
RETURN s._key AS setl_id, s.mdtrt_id AS mdtrt_id, s.psn_no AS psn_no, s.fixmedins_code AS fixmedins_code,
       s.med_type AS med_type, s.setl_time AS setl_time, s.medfee_sumamt AS medfee_sumamt, s.hifp_pay AS hifp_pay,
       s.fund_pay_sumamt AS fund_pay_sumamt, s.acct_pay AS acct_pay, s.psn_cash_pay AS psn_cash_pay,
       s.refd_setl_flag AS refd_setl_flag, s.vali_flag AS vali_flag, s.insuplc_admdvs AS insuplc_admdvs,
       s.mdtrtarea_admvs AS mdtrtarea_admvs, s.mdtrt_cert_type AS mdtrt_cert_type, s.opter_id AS opter_id,
       s.dev_no AS dev_no, s._src_file AS src_file, s._src_line AS src_line
ORDER BY setl_time, setl_id
