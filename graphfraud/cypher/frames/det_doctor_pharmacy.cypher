// name: det_doctor_pharmacy
// mode: read
// purpose: where each prescriber's external watch-list prescriptions were filled: settlements and
//          patients per prescriber and filling pharmacy (fee lines at a pharmacy, or flagged
//          rx_circ_flag=1, naming bilg_dr_codg), with the prescriber's own institution. Valid lines;
//          fills settled under $exempt_med_types (门慢/门特, e.g. a DTP pharmacy's patients) left out.
// params: $drugs, $exempt_med_types
// returns: dr_code, home_code, fixmedins_code, prescriptions, patients
MATCH (f:FeeLine)
WHERE f.vali_flag = 1 AND f.bilg_dr_codg IS NOT NULL AND coalesce(f.cnt, 1.0) > 0
  AND (f.rx_circ_flag = 1 OR left(f.fixmedins_code, 1) = 'P')
  AND (size($drugs) = 0 OR f.med_list_codg IN $drugs)
OPTIONAL MATCH (c:Claim {_key: f.setl_id})
WITH f, c WHERE NOT coalesce(c.med_type, '') IN $exempt_med_types
  AND NOT left(coalesce(c.med_type, ''), 2) IN $exempt_med_types  // local sub-codes (140104 under 14)
OPTIONAL MATCH (d:Practitioner {_key: f.bilg_dr_codg})
WITH f, d.fixmedins_code AS home WHERE home IS NULL OR home <> f.fixmedins_code
RETURN f.bilg_dr_codg AS dr_code, min(home) AS home_code, f.fixmedins_code AS fixmedins_code,
       count(DISTINCT f.setl_id) AS prescriptions, count(DISTINCT f.psn_no) AS patients
ORDER BY dr_code, fixmedins_code
