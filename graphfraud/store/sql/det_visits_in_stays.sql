-- name: det_visits_in_stays
-- purpose: visits of a person to a medical institution (code starting with one of $present_prefixes:
--          a consultation needs the patient there, a pharmacy purchase can be a relative's errand)
--          while they were an inpatient at another institution: the
--          visit's service time (its begntime, else the settlement time) lies inside a stay of another
--          institution ($inpatient_med_types in mdtrt_d, begntime-endtime), more than $margin_hours
--          from its admission and discharge (the day of discharge is free). Valid, non-refund only;
--          settlements of stays themselves are left out.
-- params: $inpatient_med_types, $margin_hours, $present_prefixes
-- returns: psn_no, fixmedins_code, t, stay_at, stay_begin, stay_end, row_key, src_file, src_line, setl_id
WITH stays AS (
    SELECT psn_no, fixmedins_code AS stay_at, begntime AS stay_begin, endtime AS stay_end FROM mdtrt_d
    WHERE coalesce(vali_flag, 1) = 1 AND (med_type IN (SELECT unnest($inpatient_med_types))
                                          OR left(med_type, 2) IN (SELECT unnest($inpatient_med_types)))
      AND begntime IS NOT NULL AND endtime IS NOT NULL AND psn_no IS NOT NULL
), visits AS (
    SELECT s.psn_no, s.fixmedins_code, coalesce(v.begntime, s.setl_time) AS t, s._key, s._src_file, s._src_line
    FROM setl_d s LEFT JOIN mdtrt_d v ON v._key = s.mdtrt_id
    WHERE s.vali_flag = 1 AND s.refd_setl_flag = 0 AND s.psn_no IS NOT NULL
      AND coalesce(s.med_type, '') NOT IN (SELECT unnest($inpatient_med_types))
      AND left(coalesce(s.med_type, ''), 2) NOT IN (SELECT unnest($inpatient_med_types))  -- local codes (2101)
      AND left(coalesce(s.fixmedins_code, ''), 1) IN (SELECT unnest($present_prefixes))
)
SELECT v.psn_no, v.fixmedins_code, v.t, st.stay_at, st.stay_begin, st.stay_end, v._key AS row_key,
       v._src_file AS src_file, v._src_line AS src_line, v._key AS setl_id
FROM visits v JOIN stays st ON st.psn_no = v.psn_no AND st.stay_at IS DISTINCT FROM v.fixmedins_code
WHERE epoch(v.t) > epoch(st.stay_begin) + $margin_hours * 3600
  AND epoch(v.t) < epoch(st.stay_end) - $margin_hours * 3600
ORDER BY psn_no, t, row_key;
