// name: det_code_products
// mode: read
// purpose: which drug each product carries: per trace-code prefix (the first $prefix_len characters of
//          codes $code_len long — 码上放心's product identifier) and drug variety (Dr12), the valid
//          positive fee lines and the purchases (inv_purc, returns left out) carrying such a code.
// params: $prefix_len, $code_len
// returns: prefix, dr12, lines, purchases
CALL () {
    MATCH (f:FeeLine)-[:HAS_TRACE]->(t:TraceCode)
    WHERE f.vali_flag = 1 AND coalesce(f.cnt, 1.0) > 0 AND f.med_list_codg IS NOT NULL AND size(t._key) = $code_len
    RETURN left(t._key, $prefix_len) AS prefix, left(f.med_list_codg, 12) AS dr12, 1 AS line, 0 AS purchase
    UNION ALL
    MATCH (p:Purchase)-[:HAS_TRACE]->(t:TraceCode)
    WHERE coalesce(p.purc_retn_flag, 0) = 0 AND p.med_list_codg IS NOT NULL AND size(t._key) = $code_len
    RETURN left(t._key, $prefix_len) AS prefix, left(p.med_list_codg, 12) AS dr12, 0 AS line, 1 AS purchase
}
RETURN prefix, dr12, sum(line) AS lines, sum(purchase) AS purchases
ORDER BY prefix, dr12
