// name: det_person_settlements
// mode: read
// purpose: the valid, non-refund settlements of the given persons: where and when each settled
//          (a relative settling at the counter minutes before a dead parent's card is used there).
// params: $psn_nos
// returns: psn_no, fixmedins_code, t, setl_id, acct_pay, row_key, src_file, src_line
MATCH (c:Claim)
WHERE c.psn_no IN $psn_nos AND c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.setl_time IS NOT NULL
RETURN c.psn_no AS psn_no, c.fixmedins_code AS fixmedins_code, c.setl_time AS t, c._key AS setl_id, c.acct_pay AS acct_pay,
       c._key AS row_key, c._src_file AS src_file, c._src_line AS src_line
ORDER BY psn_no, t, setl_id
