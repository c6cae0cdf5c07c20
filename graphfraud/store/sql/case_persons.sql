-- name: case_persons
-- purpose: identity rows of a case's persons (psn_info), for subjects lists and redaction.
-- params: $psn_nos
-- returns: psn_no, certno, psn_name, gend, brdy, insutype, insuplc_admdvs, tel, addr, death_date,
--          src_file, src_line
SELECT _key AS psn_no, certno, psn_name, gend, brdy, insutype, insuplc_admdvs, tel, addr, death_date,
       _src_file AS src_file, _src_line AS src_line
FROM psn_info WHERE _key IN (SELECT unnest($psn_nos))
ORDER BY psn_no;
