-- name: det_person_drug_lines
-- purpose: the valid watch-list drug lines of the given persons: evidence for over-supply and
--          doctor shopping, fetched only for the persons flagged; lines of stays ($inpatient_med_types) left out.
-- params: $psn_nos, $drugs, $inpatient_med_types
-- returns: psn_no, dr12, row_key, src_file, src_line, setl_id, fixmedins_code, dr_code, t, cnt, prd_days,
--          coded (the line carries a trace code: its boxes were scanned)
SELECT f.psn_no, left(f.med_list_codg, 12) AS dr12, f._key AS row_key, f._src_file AS src_file,
       f._src_line AS src_line, f.setl_id, f.fixmedins_code, f.bilg_dr_codg AS dr_code, f.fee_ocur_time AS t, f.cnt,
       f.prd_days, coalesce(f.drug_trac_codg, '') <> '' AS coded
FROM fee_list_d f LEFT JOIN setl_d s ON s._key = f.setl_id
WHERE f.vali_flag = 1 AND f.psn_no IN (SELECT unnest($psn_nos))
  AND (array_length($drugs) = 0 OR f.med_list_codg IN (SELECT unnest($drugs)))
  AND coalesce(s.med_type, '') NOT IN (SELECT unnest($inpatient_med_types))
  AND left(coalesce(s.med_type, ''), 2) NOT IN (SELECT unnest($inpatient_med_types))  -- local codes (2101)
ORDER BY f.psn_no, dr12, t, row_key;
