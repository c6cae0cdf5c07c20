// name: case_fee_lines
// mode: read
// purpose: the fee and drug lines of a case bundle's settlements, with source file and line.
// params: $setl_ids
// returns: bkkp_sn, setl_id, mdtrt_id, psn_no, fixmedins_code, fee_ocur_time, med_list_codg,
//          hilist_name, list_type, cnt, pric, det_item_fee_sumamt, prd_days, bilg_dr_codg, rxno,
//          rx_circ_flag, trdn_flag, drug_trac_codg, vali_flag, src_file, src_line
MATCH (f:FeeLine) WHERE f.setl_id IN $setl_ids
RETURN f._key AS bkkp_sn, f.setl_id AS setl_id, f.mdtrt_id AS mdtrt_id, f.psn_no AS psn_no,
       f.fixmedins_code AS fixmedins_code, f.fee_ocur_time AS fee_ocur_time, f.med_list_codg AS med_list_codg,
       f.hilist_name AS hilist_name, f.list_type AS list_type, f.cnt AS cnt, f.pric AS pric,
       f.det_item_fee_sumamt AS det_item_fee_sumamt, f.prd_days AS prd_days, f.bilg_dr_codg AS bilg_dr_codg,
       f.rxno AS rxno, f.rx_circ_flag AS rx_circ_flag, f.trdn_flag AS trdn_flag, f.drug_trac_codg AS drug_trac_codg,
       f.vali_flag AS vali_flag, f._src_file AS src_file, f._src_line AS src_line
ORDER BY fee_ocur_time, bkkp_sn
