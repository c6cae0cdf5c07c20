-- name: det_trace_events
-- purpose: valid fee lines carrying a drug trace code that appears under two or more settlements
--          (refund copies included, so the detector can net them). One row per line and code.
-- params: none
-- returns: code, row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, t, cnt, trdn_flag
WITH coded AS (
    SELECT trim(code) AS code, _key AS row_key, _src_file AS src_file, _src_line AS src_line, setl_id, psn_no,
           fixmedins_code, med_list_codg, fee_ocur_time AS t, cnt, coalesce(trdn_flag, 0) AS trdn_flag
    FROM (SELECT *, unnest(string_split_regex(drug_trac_codg, '[,;|]')) AS code FROM fee_list_d
          WHERE drug_trac_codg IS NOT NULL AND vali_flag = 1)
    WHERE trim(code) <> ''
), repeated AS (
    SELECT code FROM coded GROUP BY code HAVING count(DISTINCT setl_id) >= 2
)
SELECT code, row_key, src_file, src_line, setl_id, psn_no, fixmedins_code, med_list_codg, t, cnt, trdn_flag
FROM coded SEMI JOIN repeated USING (code)
ORDER BY code, t, row_key;
