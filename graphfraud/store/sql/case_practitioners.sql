-- name: case_practitioners
-- purpose: a case's doctors and pharmacists (practitioner).
-- params: $dr_codes
-- returns: dr_code, dr_name, dr_type, prac_cert_no, certno, fixmedins_code, tel, src_file, src_line
SELECT _key AS dr_code, dr_name, dr_type, prac_cert_no, certno, fixmedins_code, tel,
       _src_file AS src_file, _src_line AS src_line
FROM practitioner WHERE _key IN (SELECT unnest($dr_codes))
ORDER BY dr_code;
