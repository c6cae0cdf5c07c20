-- name: det_person_settlements
-- purpose: the valid, non-refund settlements of the given persons: where and when each settled
--          (a relative settling at the counter minutes before a dead parent's card is used there).
-- params: $psn_nos
-- returns: psn_no, fixmedins_code, t, setl_id, acct_pay, row_key, src_file, src_line
SELECT psn_no, fixmedins_code, setl_time AS t, _key AS setl_id, acct_pay, _key AS row_key, _src_file AS src_file,
       _src_line AS src_line FROM setl_d
WHERE psn_no IN (SELECT unnest($psn_nos)) AND vali_flag = 1 AND refd_setl_flag = 0 AND setl_time IS NOT NULL
ORDER BY psn_no, t, setl_id;
