// name: det_doctor_visits
// mode: read
// purpose: when each of the given persons saw each of the given doctors: visit starts (mdtrt_d
//          begntime, attending doctor atddr_no) and the times of lines the doctor billed at his own
//          institution. Valid rows only; visits at pharmacies (code P…: the fill's own record) left out.
//          The prescription behind an external fill was written at such a visit.
// params: $psn_nos, $dr_codes
// returns: psn_no, dr_code, t
CALL () {
    MATCH (v:Visit) WHERE coalesce(v.vali_flag, 1) = 1 AND v.begntime IS NOT NULL
      AND left(coalesce(v.fixmedins_code, ''), 1) <> 'P'
      AND v.psn_no IN $psn_nos AND v.atddr_no IN $dr_codes
    RETURN v.psn_no AS psn_no, v.atddr_no AS dr_code, v.begntime AS t
    UNION
    MATCH (d:Practitioner)<-[:PRESCRIBED_BY]-(f:FeeLine)
    WHERE d._key IN $dr_codes AND f.psn_no IN $psn_nos AND f.vali_flag = 1 AND f.fee_ocur_time IS NOT NULL
      AND f.fixmedins_code = d.fixmedins_code
    RETURN f.psn_no AS psn_no, d._key AS dr_code, f.fee_ocur_time AS t
}
RETURN psn_no, dr_code, t
ORDER BY psn_no, dr_code, t
