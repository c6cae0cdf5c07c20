-- name: det_line_drugs
-- purpose: without a drug catalogue, the items the fee lines themselves mark as drugs: list_type 101
--          (western and Chinese patent medicines) or, where list_type is empty, a national drug code
--          (X western, Z Chinese patent medicine, 23 characters).
-- params: none
-- returns: med_list_codg
SELECT DISTINCT med_list_codg FROM fee_list_d
WHERE med_list_codg IS NOT NULL
  AND (list_type = '101'
       OR (coalesce(list_type, '') = '' AND regexp_full_match(upper(med_list_codg), '[XZ][A-Z0-9]{22}')))
ORDER BY med_list_codg;
