-- name: det_code_products
-- purpose: which drug each product carries: per trace-code prefix (the first $prefix_len characters of
--          codes $code_len long — 码上放心's product identifier) and drug variety (Dr12), the valid
--          positive fee lines and the purchases (inv_purc, returns left out) carrying such a code.
-- params: $prefix_len, $code_len
-- returns: prefix, dr12, lines, purchases
WITH fee AS (
    SELECT left(trim(code), $prefix_len) AS prefix, left(med_list_codg, 12) AS dr12, count(*) AS lines, 0 AS purchases
    FROM (SELECT med_list_codg, unnest(string_split_regex(drug_trac_codg, '[,;|]')) AS code FROM fee_list_d
          WHERE drug_trac_codg IS NOT NULL AND vali_flag = 1 AND coalesce(cnt, 1) > 0 AND med_list_codg IS NOT NULL)
    WHERE length(trim(code)) = $code_len GROUP BY ALL
), bought AS (
    SELECT left(trim(code), $prefix_len) AS prefix, left(med_list_codg, 12) AS dr12, 0 AS lines, count(*) AS purchases
    FROM (SELECT med_list_codg, unnest(string_split_regex(drug_trac_codg, '[,;|]')) AS code FROM inv_purc
          WHERE drug_trac_codg IS NOT NULL AND coalesce(purc_retn_flag, 0) = 0 AND med_list_codg IS NOT NULL)
    WHERE length(trim(code)) = $code_len GROUP BY ALL
)
SELECT prefix, dr12, sum(lines) AS lines, sum(purchases) AS purchases
FROM (SELECT * FROM fee UNION ALL SELECT * FROM bought)
GROUP BY prefix, dr12
ORDER BY prefix, dr12;
