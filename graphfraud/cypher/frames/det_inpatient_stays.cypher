// name: det_inpatient_stays
// mode: read
// purpose: inpatient stays (mdtrt_d visits whose med_type starts with one of $inpatient_med_types: a
//          local code such as 2101 is a subtype of the national 21) with admission, discharge, diagnosis
//          and attending doctor, one row per valid, non-refund settlement of the stay (a stay settled
//          in the middle has several). Stays without both times are left out.
// params: $inpatient_med_types
// returns: psn_no, fixmedins_code, begntime, endtime, dise_codg, atddr_no, stay_key, mdtrt_cert_type, row_key, src_file, src_line, setl_id
MATCH (c:Claim)-[:FOR_VISIT]->(v:Visit)
WHERE coalesce(v.vali_flag, 1) = 1 AND left(coalesce(v.med_type, ''), 2) IN $inpatient_med_types
  AND v.begntime IS NOT NULL AND v.endtime IS NOT NULL AND v.psn_no IS NOT NULL
  AND c.vali_flag = 1 AND c.refd_setl_flag = 0
RETURN v.psn_no AS psn_no, v.fixmedins_code AS fixmedins_code, v.begntime AS begntime, v.endtime AS endtime,
       v.dise_codg AS dise_codg, v.atddr_no AS atddr_no, v._key AS stay_key, c.mdtrt_cert_type AS mdtrt_cert_type,
       c._key AS row_key, c._src_file AS src_file, c._src_line AS src_line, c._key AS setl_id
ORDER BY psn_no, begntime, row_key
