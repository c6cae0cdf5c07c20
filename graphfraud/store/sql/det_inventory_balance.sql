-- name: det_inventory_balance
-- purpose: 进销存 flows per pharmacy, drug and month, counted from the first stock-take of that
--          pharmacy and drug (its count is the opening stock): purchases net of purchase returns,
--          reported sales net of sale returns, and quantities settled with the fund (valid lines,
--          refunds netted). Only pharmacies and drugs with a stock-take can be balanced. Purchases
--          stocked up to $lead_days days before that stock-take count too: a delivery booked
--          before the count may not be on the counted shelf yet.
-- params: $lead_days
-- returns: fixmedins_code, med_list_codg, month, opening, opened, purchased, sold, settled
WITH opening AS (
    SELECT fixmedins_code, med_list_codg, min(invdate) AS opened, arg_min(inv_cnt, invdate) AS opening
    FROM inv_stock WHERE invdate IS NOT NULL GROUP BY ALL
), flows AS (
    SELECT fixmedins_code, med_list_codg, purc_retn_stoin_time AS t,
           CASE WHEN purc_retn_flag = 1 THEN -abs(purc_retn_cnt) ELSE purc_retn_cnt END AS purchased,
           0.0 AS sold, 0.0 AS settled FROM inv_purc
    UNION ALL SELECT fixmedins_code, med_list_codg, sel_retn_time, 0.0,
           CASE WHEN sel_retn_flag = 1 THEN -abs(sel_retn_cnt) ELSE sel_retn_cnt END, 0.0 FROM inv_sale
    UNION ALL SELECT fixmedins_code, med_list_codg, fee_ocur_time, 0.0, 0.0, coalesce(cnt, 0) FROM fee_list_d
        WHERE vali_flag = 1
)
SELECT o.fixmedins_code, o.med_list_codg, CAST(date_trunc('month', f.t) AS DATE) AS month,
       any_value(o.opening) AS opening, any_value(o.opened) AS opened, sum(f.purchased) AS purchased,
       sum(f.sold) AS sold, sum(f.settled) AS settled
FROM flows f JOIN opening o ON o.fixmedins_code = f.fixmedins_code AND o.med_list_codg = f.med_list_codg
WHERE epoch(f.t) >= epoch(o.opened) - CAST($lead_days AS INTEGER) * 86400
  AND (f.t >= o.opened OR f.purchased <> 0)
GROUP BY o.fixmedins_code, o.med_list_codg, month
ORDER BY fixmedins_code, med_list_codg, month;
