// name: case_rule_hits
// mode: read
// purpose: smart-monitoring rule hits (3101/3102) on a case's persons, institutions or settlements.
// params: $psn_nos, $fixmedins_codes, $setl_ids
// returns: jr_id, rule_id, rule_name, vola_cont, psn_no, mdtrt_id, setl_id, fixmedins_code, vola_amt,
//          sev_deg, vola_bhvr_type, task_id, src_file, src_line
MATCH (r:RuleHit)
WHERE r.psn_no IN $psn_nos OR r.fixmedins_code IN $fixmedins_codes OR r.setl_id IN $setl_ids
RETURN r._key AS jr_id, r.rule_id AS rule_id, r.rule_name AS rule_name, r.vola_cont AS vola_cont,
       r.psn_no AS psn_no, r.mdtrt_id AS mdtrt_id, r.setl_id AS setl_id, r.fixmedins_code AS fixmedins_code,
       r.vola_amt AS vola_amt, r.sev_deg AS sev_deg, r.vola_bhvr_type AS vola_bhvr_type, r.task_id AS task_id,
       r._src_file AS src_file, r._src_line AS src_line
ORDER BY jr_id
