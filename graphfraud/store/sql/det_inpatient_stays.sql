-- name: det_inpatient_stays
-- purpose: inpatient stays (mdtrt_d visits whose med_type starts with one of $inpatient_med_types: a
--          local code such as 2101 is a subtype of the national 21) with admission, discharge, diagnosis
--          and attending doctor, one row per valid, non-refund settlement of the stay (a stay settled
--          in the middle has several). Stays without both times are left out.
-- params: $inpatient_med_types
-- returns: psn_no, fixmedins_code, begntime, endtime, dise_codg, atddr_no, stay_key, mdtrt_cert_type, row_key, src_file, src_line, setl_id
SELECT v.psn_no, v.fixmedins_code, v.begntime, v.endtime, v.dise_codg, v.atddr_no, v._key AS stay_key,
       s.mdtrt_cert_type, s._key AS row_key, s._src_file AS src_file, s._src_line AS src_line, s._key AS setl_id
FROM mdtrt_d v JOIN setl_d s ON s.mdtrt_id = v._key
WHERE coalesce(v.vali_flag, 1) = 1 AND left(coalesce(v.med_type, ''), 2) IN (SELECT unnest($inpatient_med_types))
  AND v.begntime IS NOT NULL AND v.endtime IS NOT NULL AND v.psn_no IS NOT NULL
  AND s.vali_flag = 1 AND s.refd_setl_flag = 0
ORDER BY psn_no, begntime, row_key;
