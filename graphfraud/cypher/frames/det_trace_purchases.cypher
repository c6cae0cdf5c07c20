// name: det_trace_purchases
// mode: read
// purpose: purchases (inv_purc; returns left out) carrying one of the given drug trace codes, plus one
//          row with code NULL for every institution that records trace codes on its purchases at
//          all: a box settled again where such an institution never bought it is a decisive finding,
//          while an institution without coded purchases cannot be judged.
// params: $codes
// returns: fixmedins_code, code, t
CALL () {
    MATCH (t:TraceCode)<-[:HAS_TRACE]-(p:Purchase)
    WHERE t._key IN $codes AND coalesce(p.purc_retn_flag, 0) = 0 AND coalesce(p.purc_retn_cnt, 1) > 0
    RETURN p.fixmedins_code AS fixmedins_code, t._key AS code, p.purc_retn_stoin_time AS t
    UNION
    MATCH (m:Institution)-[:PURCHASED]->(p:Purchase)-[:HAS_TRACE]->(:TraceCode)
    WITH DISTINCT m._key AS fixmedins_code
    RETURN fixmedins_code, null AS code, null AS t
}
RETURN fixmedins_code, code, t
ORDER BY fixmedins_code, code, t
