// name: det_away_id_visits
// mode: read
// purpose: valid non-refund settlements at the institutions $codes settled on an ID number typed in
//          ($cert_types) for a person insured in another prefecture than the institution's (see
//          det_id_visits_by_institution). One row per settlement.
// params: $cert_types, $codes
// returns: psn_no, fixmedins_code, prefecture, home, t, row_key, src_file, src_line, setl_id
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.psn_no IS NOT NULL AND c.fixmedins_code IN $codes
  AND trim(c.mdtrt_cert_type) IN $cert_types
  AND left(c.insuplc_admdvs, 4) <> substring(c.fixmedins_code, 1, 4)
RETURN c.psn_no AS psn_no, c.fixmedins_code AS fixmedins_code, substring(c.fixmedins_code, 1, 4) AS prefecture,
       left(c.insuplc_admdvs, 4) AS home, c.setl_time AS t, c._key AS row_key, c._src_file AS src_file,
       c._src_line AS src_line, c._key AS setl_id
ORDER BY fixmedins_code, psn_no, t, row_key
