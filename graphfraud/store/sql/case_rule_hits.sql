-- name: case_rule_hits
-- purpose: smart-monitoring rule hits (3101/3102) on a case's persons, institutions or settlements.
-- params: $psn_nos, $fixmedins_codes, $setl_ids
-- returns: jr_id, rule_id, rule_name, vola_cont, psn_no, mdtrt_id, setl_id, fixmedins_code, vola_amt,
--          sev_deg, vola_bhvr_type, task_id, src_file, src_line
SELECT _key AS jr_id, rule_id, rule_name, vola_cont, psn_no, mdtrt_id, setl_id, fixmedins_code, vola_amt, sev_deg,
       vola_bhvr_type, task_id, _src_file AS src_file, _src_line AS src_line
FROM rule_hits
WHERE psn_no IN (SELECT unnest($psn_nos)) OR fixmedins_code IN (SELECT unnest($fixmedins_codes))
   OR setl_id IN (SELECT unnest($setl_ids))
ORDER BY jr_id;
