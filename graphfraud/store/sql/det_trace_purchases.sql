-- name: det_trace_purchases
-- purpose: purchases (inv_purc; returns left out) carrying one of the given drug trace codes, plus one
--          row with code NULL for every institution that records trace codes on its purchases at
--          all: a box settled again where such an institution never bought it is a decisive finding,
--          while an institution without coded purchases cannot be judged.
-- params: $codes
-- returns: fixmedins_code, code, t
SELECT p.fixmedins_code, t.code, p.purc_retn_stoin_time AS t
FROM g_trace t JOIN inv_purc p ON t.owner = 'Purchase:' || p._key
WHERE t.code IN (SELECT unnest($codes)) AND coalesce(p.purc_retn_flag, 0) = 0 AND coalesce(p.purc_retn_cnt, 1) > 0
UNION ALL
SELECT DISTINCT fixmedins_code, NULL, NULL FROM inv_purc WHERE drug_trac_codg IS NOT NULL AND fixmedins_code IS NOT NULL
ORDER BY fixmedins_code, code NULLS FIRST, t;
