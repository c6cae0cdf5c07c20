// name: det_line_drugs
// mode: read
// purpose: without a drug catalogue, the items the fee lines themselves mark as drugs: list_type 101
//          (western and Chinese patent medicines) or, where list_type is empty, a national drug code
//          (X western, Z Chinese patent medicine, 23 characters).
// params: none
// returns: med_list_codg
MATCH (f:FeeLine)
WHERE f.med_list_codg IS NOT NULL
  AND (f.list_type = '101' OR (coalesce(f.list_type, '') = '' AND toUpper(f.med_list_codg) =~ '[XZ][A-Z0-9]{22}'))
RETURN DISTINCT f.med_list_codg AS med_list_codg ORDER BY med_list_codg
