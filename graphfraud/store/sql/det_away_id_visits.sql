-- name: det_away_id_visits
-- purpose: valid non-refund settlements at the institutions $codes settled on an ID number typed in
--          ($cert_types) for a person insured in another prefecture than the institution's (see
--          det_id_visits_by_institution). One row per settlement.
-- params: $cert_types, $codes
-- returns: psn_no, fixmedins_code, prefecture, home, t, row_key, src_file, src_line, setl_id
SELECT psn_no, fixmedins_code, substr(fixmedins_code, 2, 4) AS prefecture, left(insuplc_admdvs, 4) AS home,
       setl_time AS t, _key AS row_key, _src_file AS src_file, _src_line AS src_line, _key AS setl_id
FROM setl_d
WHERE vali_flag = 1 AND refd_setl_flag = 0 AND psn_no IS NOT NULL
  AND fixmedins_code IN (SELECT unnest($codes))
  AND trim(mdtrt_cert_type) IN (SELECT unnest($cert_types))
  AND left(insuplc_admdvs, 4) <> substr(fixmedins_code, 2, 4)
ORDER BY fixmedins_code, psn_no, t, row_key;
