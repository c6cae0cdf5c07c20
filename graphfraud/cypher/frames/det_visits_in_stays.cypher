// name: det_visits_in_stays
// mode: read
// purpose: visits of a person to a medical institution (code starting with one of $present_prefixes:
//          a consultation needs the patient there, a pharmacy purchase can be a relative's errand)
//          while they were an inpatient at another institution: the
//          visit's service time (its begntime, else the settlement time) lies inside a stay of another
//          institution ($inpatient_med_types in mdtrt_d, begntime-endtime), more than $margin_hours
//          from its admission and discharge (the day of discharge is free). Valid, non-refund only;
//          settlements of stays themselves are left out.
// params: $inpatient_med_types, $margin_hours, $present_prefixes
// returns: psn_no, fixmedins_code, t, stay_at, stay_begin, stay_end, row_key, src_file, src_line, setl_id
MATCH (p:Person)-[:HAD_VISIT]->(st:Visit)
WHERE coalesce(st.vali_flag, 1) = 1 AND (st.med_type IN $inpatient_med_types OR left(st.med_type, 2) IN $inpatient_med_types)
  AND st.begntime IS NOT NULL AND st.endtime IS NOT NULL
MATCH (c:Claim {psn_no: p._key})
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND NOT coalesce(c.med_type, '') IN $inpatient_med_types
  AND NOT left(coalesce(c.med_type, ''), 2) IN $inpatient_med_types
  AND c.fixmedins_code <> coalesce(st.fixmedins_code, '') AND left(c.fixmedins_code, 1) IN $present_prefixes
OPTIONAL MATCH (c)-[:FOR_VISIT]->(v:Visit)
WITH p, st, c, coalesce(v.begntime, c.setl_time) AS t
WHERE duration.inSeconds(st.begntime, t).seconds > $margin_hours * 3600
  AND duration.inSeconds(t, st.endtime).seconds > $margin_hours * 3600
RETURN p._key AS psn_no, c.fixmedins_code AS fixmedins_code, t, st.fixmedins_code AS stay_at,
       st.begntime AS stay_begin, st.endtime AS stay_end, c._key AS row_key, c._src_file AS src_file,
       c._src_line AS src_line, c._key AS setl_id
ORDER BY psn_no, t, row_key
