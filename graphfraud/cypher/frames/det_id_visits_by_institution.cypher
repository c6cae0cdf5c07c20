// name: det_id_visits_by_institution
// mode: read
// purpose: per institution, its valid non-refund settlements and those of them settled on an ID number
//          typed in ($cert_types) for a person insured in another prefecture than the institution's
//          (first 4 digits of insuplc_admdvs against the institution code's region): how usual a
//          stranger's typed-in ID number is there and in its prefecture.
// params: $cert_types
// returns: fixmedins_code, prefecture, visits, away_visits, away_persons
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.fixmedins_code IS NOT NULL
WITH c, substring(c.fixmedins_code, 1, 4) AS prefecture
WITH c, prefecture, trim(c.mdtrt_cert_type) IN $cert_types AND left(c.insuplc_admdvs, 4) <> prefecture AS away
RETURN c.fixmedins_code AS fixmedins_code, prefecture, count(c) AS visits,
       count(CASE WHEN away THEN 1 END) AS away_visits, count(DISTINCT CASE WHEN away THEN c.psn_no END) AS away_persons
ORDER BY fixmedins_code
