-- name: det_doctor_pharmacy
-- purpose: where each prescriber's external watch-list prescriptions were filled: settlements and
--          patients per prescriber and filling pharmacy (fee lines at a pharmacy, or flagged
--          rx_circ_flag=1, naming bilg_dr_codg), with the prescriber's own institution. Valid lines;
--          fills settled under $exempt_med_types (门慢/门特, e.g. a DTP pharmacy's patients) left out.
-- params: $drugs, $exempt_med_types
-- returns: dr_code, home_code, fixmedins_code, prescriptions, patients
SELECT f.bilg_dr_codg AS dr_code, min(p.fixmedins_code) AS home_code, f.fixmedins_code,
       count(DISTINCT f.setl_id) AS prescriptions, count(DISTINCT f.psn_no) AS patients
FROM fee_list_d f LEFT JOIN practitioner p ON p.dr_code = f.bilg_dr_codg LEFT JOIN setl_d s ON s._key = f.setl_id
WHERE f.vali_flag = 1 AND f.bilg_dr_codg IS NOT NULL AND coalesce(f.cnt, 1) > 0
  AND (f.rx_circ_flag = 1 OR left(f.fixmedins_code, 1) = 'P')
  AND f.fixmedins_code IS DISTINCT FROM p.fixmedins_code
  AND (array_length($drugs) = 0 OR f.med_list_codg IN (SELECT unnest($drugs)))
  AND coalesce(s.med_type, '') NOT IN (SELECT unnest($exempt_med_types))
  AND left(coalesce(s.med_type, ''), 2) NOT IN (SELECT unnest($exempt_med_types))  -- local sub-codes (140104 under 14)
GROUP BY f.bilg_dr_codg, f.fixmedins_code
ORDER BY dr_code, fixmedins_code;
