// name: det_distant_settlements
// mode: read
// purpose: consecutive settlements of one person in two prefectures (first 4 digits of the
//          treatment region, else of the institution code's region) less than $hours hours apart.
//          Inpatient med_types ($inpatient_med_types) are left out: their settlement time is not a
//          time the person was there. Valid, non-refund only. One row per settlement of each pair, with
//          `nearby`: the person's other settlements in that prefecture within $base_days days (where
//          the person was living then: a snowbird's winter town, not the relative's errand at home).
// params: $hours, $inpatient_med_types, $base_days
// returns: pair_id, psn_no, fixmedins_code, prefecture, home, t, gap_hours, nearby, row_key, src_file, src_line,
//          setl_id
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.psn_no IS NOT NULL AND c.setl_time IS NOT NULL
  AND NOT coalesce(c.med_type, '') IN $inpatient_med_types
  AND NOT left(coalesce(c.med_type, ''), 2) IN $inpatient_med_types  // local codes (2101)
WITH c ORDER BY c.setl_time, c._key
WITH c.psn_no AS psn_no, collect(c) AS seq WHERE size(seq) >= 2
UNWIND range(1, size(seq) - 1) AS i
WITH psn_no, seq[i - 1] AS a, seq[i] AS b
WITH psn_no, a, b, left(coalesce(a.mdtrtarea_admvs, substring(a.fixmedins_code, 1, 6)), 4) AS pa,
     left(coalesce(b.mdtrtarea_admvs, substring(b.fixmedins_code, 1, 6)), 4) AS pb,
     duration.inSeconds(a.setl_time, b.setl_time).seconds / 3600.0 AS gap_hours
WHERE pa <> pb AND gap_hours < $hours
UNWIND [[a, pa], [b, pb]] AS side
WITH a, b, a._key + '>' + b._key AS pair_id, psn_no, side[0] AS s, side[1] AS prefecture, gap_hours
CALL (a, b, s, psn_no, prefecture) {
    MATCH (o:Claim {psn_no: psn_no})
    WHERE o.vali_flag = 1 AND o.refd_setl_flag = 0 AND o.setl_time IS NOT NULL AND NOT o._key IN [a._key, b._key]
      AND NOT coalesce(o.med_type, '') IN $inpatient_med_types
      AND NOT left(coalesce(o.med_type, ''), 2) IN $inpatient_med_types
      AND left(coalesce(o.mdtrtarea_admvs, substring(o.fixmedins_code, 1, 6)), 4) = prefecture
      AND abs(duration.inSeconds(s.setl_time, o.setl_time).seconds) <= $base_days * 86400
    RETURN count(o) AS nearby
}
RETURN pair_id, psn_no, s.fixmedins_code AS fixmedins_code, prefecture, left(s.insuplc_admdvs, 4) AS home,
       s.setl_time AS t, gap_hours, nearby, s._key AS row_key, s._src_file AS src_file, s._src_line AS src_line,
       s._key AS setl_id
ORDER BY pair_id, t, row_key
