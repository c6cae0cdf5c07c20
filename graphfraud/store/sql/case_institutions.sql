-- name: case_institutions
-- purpose: a case's designated institutions (fixmedins) with their legal representatives.
-- params: $codes
-- returns: fixmedins_code, fixmedins_name, fixmedins_type, admdvs, addr, tel, legal_rep_name,
--          legal_rep_certno, uscc, src_file, src_line
SELECT _key AS fixmedins_code, fixmedins_name, fixmedins_type, admdvs, addr, tel, legal_rep_name, legal_rep_certno,
       uscc, _src_file AS src_file, _src_line AS src_line
FROM fixmedins WHERE _key IN (SELECT unnest($codes))
ORDER BY fixmedins_code;
