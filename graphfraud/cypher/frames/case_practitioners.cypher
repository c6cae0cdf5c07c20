// name: case_practitioners
// mode: read
// purpose: a case's doctors and pharmacists (practitioner).
// params: $dr_codes
// returns: dr_code, dr_name, dr_type, prac_cert_no, certno, fixmedins_code, tel, src_file, src_line
MATCH (d:Practitioner) WHERE d._key IN $dr_codes AND d._src_file IS NOT NULL
RETURN d._key AS dr_code, d.dr_name AS dr_name, d.dr_type AS dr_type, d.prac_cert_no AS prac_cert_no,
       d.certno AS certno, d.fixmedins_code AS fixmedins_code, d.tel AS tel, d._src_file AS src_file,
       d._src_line AS src_line
ORDER BY dr_code
