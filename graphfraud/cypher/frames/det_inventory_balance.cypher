// name: det_inventory_balance
// mode: read
// purpose: 进销存 flows per pharmacy, drug and month, counted from the first stock-take of that
//          pharmacy and drug (its count is the opening stock): purchases net of purchase returns,
//          reported sales net of sale returns, and quantities settled with the fund (valid lines,
//          refunds netted). Only pharmacies and drugs with a stock-take can be balanced. Purchases
//          stocked up to $lead_days days before that stock-take count too: a delivery booked
//          before the count may not be on the counted shelf yet.
// params: $lead_days
// returns: fixmedins_code, med_list_codg, month, opening, opened, purchased, sold, settled
MATCH (s:StockTake) WHERE s.invdate IS NOT NULL
WITH s.fixmedins_code AS fixmedins_code, s.med_list_codg AS med_list_codg, s ORDER BY s.invdate
WITH fixmedins_code, med_list_codg, collect(s)[0] AS first
WITH fixmedins_code, med_list_codg, first.invdate AS opened, first.inv_cnt AS opening
MATCH (drug:Drug {_key: med_list_codg})
CALL (drug, fixmedins_code, opened) {
    MATCH (drug)<-[:OF_DRUG]-(p:Purchase)
    WHERE p.fixmedins_code = fixmedins_code AND p.purc_retn_stoin_time >= opened - duration({days: $lead_days})
    RETURN p.purc_retn_stoin_time AS t,
           CASE WHEN p.purc_retn_flag = 1 THEN -abs(p.purc_retn_cnt) ELSE p.purc_retn_cnt END AS purchased,
           0.0 AS sold, 0.0 AS settled
    UNION ALL
    MATCH (drug)<-[:OF_DRUG]-(x:Sale) WHERE x.fixmedins_code = fixmedins_code AND x.sel_retn_time >= opened
    RETURN x.sel_retn_time AS t, 0.0 AS purchased,
           CASE WHEN x.sel_retn_flag = 1 THEN -abs(x.sel_retn_cnt) ELSE x.sel_retn_cnt END AS sold, 0.0 AS settled
    UNION ALL
    MATCH (drug)<-[:OF_DRUG]-(f:FeeLine)
    WHERE f.fixmedins_code = fixmedins_code AND f.vali_flag = 1 AND f.fee_ocur_time >= opened
    RETURN f.fee_ocur_time AS t, 0.0 AS purchased, 0.0 AS sold, coalesce(f.cnt, 0.0) AS settled
}
RETURN fixmedins_code, med_list_codg, date.truncate('month', t) AS month, opening, opened,
       sum(purchased) AS purchased, sum(sold) AS sold, sum(settled) AS settled
ORDER BY fixmedins_code, med_list_codg, month
