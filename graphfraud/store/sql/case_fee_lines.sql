-- name: case_fee_lines
-- purpose: the fee and drug lines of a case bundle's settlements, with source file and line.
-- params: $setl_ids
-- returns: bkkp_sn, setl_id, mdtrt_id, psn_no, fixmedins_code, fee_ocur_time, med_list_codg,
--          hilist_name, list_type, cnt, pric, det_item_fee_sumamt, prd_days, bilg_dr_codg, rxno,
--          rx_circ_flag, trdn_flag, drug_trac_codg, vali_flag, src_file, src_line
SELECT _key AS bkkp_sn, setl_id, mdtrt_id, psn_no, fixmedins_code, fee_ocur_time, med_list_codg, hilist_name,
       list_type, cnt, pric, det_item_fee_sumamt, prd_days, bilg_dr_codg, rxno, rx_circ_flag, trdn_flag,
       drug_trac_codg, vali_flag, _src_file AS src_file, _src_line AS src_line
FROM fee_list_d
WHERE setl_id IN (SELECT unnest($setl_ids))
ORDER BY fee_ocur_time, bkkp_sn;
