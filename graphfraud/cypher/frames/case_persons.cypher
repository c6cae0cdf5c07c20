// name: case_persons
// mode: read
// purpose: identity rows of a case's persons (psn_info), for subjects lists and redaction.
// params: $psn_nos
// returns: psn_no, certno, psn_name, gend, brdy, insutype, insuplc_admdvs, tel, addr, death_date,
//          src_file, src_line
MATCH (p:Person) WHERE p._key IN $psn_nos AND p._src_file IS NOT NULL
RETURN p._key AS psn_no, p.certno AS certno, p.psn_name AS psn_name, p.gend AS gend, p.brdy AS brdy,
       p.insutype AS insutype, p.insuplc_admdvs AS insuplc_admdvs, p.tel AS tel, p.addr AS addr,
       p.death_date AS death_date, p._src_file AS src_file, p._src_line AS src_line
ORDER BY psn_no
