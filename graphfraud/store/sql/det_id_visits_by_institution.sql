-- name: det_id_visits_by_institution
-- purpose: per institution, its valid non-refund settlements and those of them settled on an ID number
--          typed in ($cert_types) for a person insured in another prefecture than the institution's
--          (first 4 digits of insuplc_admdvs against the institution code's region): how usual a
--          stranger's typed-in ID number is there and in its prefecture.
-- params: $cert_types
-- returns: fixmedins_code, prefecture, visits, away_visits, away_persons
WITH valid AS (
    SELECT fixmedins_code, psn_no, substr(fixmedins_code, 2, 4) AS prefecture, left(insuplc_admdvs, 4) AS home,
           trim(mdtrt_cert_type) AS cert
    FROM setl_d
    WHERE vali_flag = 1 AND refd_setl_flag = 0 AND fixmedins_code IS NOT NULL
), totals AS (
    SELECT fixmedins_code, min(prefecture) AS prefecture, count(*) AS visits FROM valid GROUP BY fixmedins_code
), away AS (
    SELECT fixmedins_code, count(*) AS away_visits, count(DISTINCT psn_no) AS away_persons
    FROM valid
    WHERE cert IN (SELECT unnest($cert_types)) AND home <> prefecture
    GROUP BY fixmedins_code
)
SELECT t.fixmedins_code, t.prefecture, t.visits, coalesce(a.away_visits, 0) AS away_visits,
       coalesce(a.away_persons, 0) AS away_persons
FROM totals t LEFT JOIN away a ON a.fixmedins_code = t.fixmedins_code
ORDER BY t.fixmedins_code;
