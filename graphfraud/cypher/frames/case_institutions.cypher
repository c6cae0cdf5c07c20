// name: case_institutions
// mode: read
// purpose: a case's designated institutions (fixmedins) with their legal representatives.
// params: $codes
// returns: fixmedins_code, fixmedins_name, fixmedins_type, admdvs, addr, tel, legal_rep_name,
//          legal_rep_certno, uscc, src_file, src_line
MATCH (m:Institution) WHERE m._key IN $codes AND m._src_file IS NOT NULL
RETURN m._key AS fixmedins_code, m.fixmedins_name AS fixmedins_name, m.fixmedins_type AS fixmedins_type,
       m.admdvs AS admdvs, m.addr AS addr, m.tel AS tel, m.legal_rep_name AS legal_rep_name,
       m.legal_rep_certno AS legal_rep_certno, m.uscc AS uscc, m._src_file AS src_file, m._src_line AS src_line
ORDER BY fixmedins_code
