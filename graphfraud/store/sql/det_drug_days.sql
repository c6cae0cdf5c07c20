-- name: det_drug_days
-- purpose: watch-list drug supply per person, drug variety (Dr12), day, institution and prescriber:
--          quantities (refunds netted), the days of supply stated where prd_days is filled, and
--          whether the settlement was a chronic/special outpatient one (门慢/门特 med_type). Drugs given
--          during a stay ($inpatient_med_types) are left out: nobody takes them home.
-- params: $drugs, $chronic_med_types, $inpatient_med_types
-- returns: psn_no, dr12, day, fixmedins_code, dr_code, cnt, prd_days, cnt_with_days, lines_with_days, chronic
SELECT f.psn_no, left(f.med_list_codg, 12) AS dr12, CAST(f.fee_ocur_time AS DATE) AS day, f.fixmedins_code,
       coalesce(f.bilg_dr_codg, '') AS dr_code, sum(coalesce(f.cnt, 1)) AS cnt,
       sum(f.prd_days) AS prd_days, sum(CASE WHEN f.prd_days IS NOT NULL THEN f.cnt END) AS cnt_with_days,
       count(f.prd_days) AS lines_with_days,
       max(CASE WHEN s.med_type IN (SELECT unnest($chronic_med_types))
                    OR left(s.med_type, 2) IN (SELECT unnest($chronic_med_types)) THEN 1 ELSE 0 END) AS chronic
FROM fee_list_d f LEFT JOIN setl_d s ON s._key = f.setl_id
WHERE f.vali_flag = 1 AND f.fee_ocur_time IS NOT NULL AND f.psn_no IS NOT NULL
  AND (array_length($drugs) = 0 OR f.med_list_codg IN (SELECT unnest($drugs)))
  AND coalesce(s.med_type, '') NOT IN (SELECT unnest($inpatient_med_types))
  AND left(coalesce(s.med_type, ''), 2) NOT IN (SELECT unnest($inpatient_med_types))  -- local codes (2101)
GROUP BY ALL
ORDER BY psn_no, dr12, day, fixmedins_code, dr_code;
