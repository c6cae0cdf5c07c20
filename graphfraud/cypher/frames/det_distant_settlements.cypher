// name: det_distant_settlements
// mode: read
// purpose: consecutive settlements of one person in two prefectures (first 4 digits of the
//          treatment region, else of the institution code's region) less than $hours hours apart.
//          Inpatient med_types ($inpatient_med_types) are left out: their settlement time is not a
//          time the person was there. Valid, non-refund only. One row per settlement of each pair.
// params: $hours, $inpatient_med_types
// returns: pair_id, psn_no, fixmedins_code, prefecture, home, t, gap_hours, row_key, src_file, src_line, setl_id
MATCH (c:Claim)
WHERE c.vali_flag = 1 AND c.refd_setl_flag = 0 AND c.psn_no IS NOT NULL AND c.setl_time IS NOT NULL
  AND NOT coalesce(c.med_type, '') IN $inpatient_med_types
WITH c ORDER BY c.setl_time, c._key
WITH c.psn_no AS psn_no, collect(c) AS seq WHERE size(seq) >= 2
UNWIND range(1, size(seq) - 1) AS i
WITH psn_no, seq[i - 1] AS a, seq[i] AS b
WITH psn_no, a, b, left(coalesce(a.mdtrtarea_admvs, substring(a.fixmedins_code, 1, 6)), 4) AS pa,
     left(coalesce(b.mdtrtarea_admvs, substring(b.fixmedins_code, 1, 6)), 4) AS pb,
     duration.inSeconds(a.setl_time, b.setl_time).seconds / 3600.0 AS gap_hours
WHERE pa <> pb AND gap_hours < $hours
UNWIND [[a, pa], [b, pb]] AS side
WITH a._key + '>' + b._key AS pair_id, psn_no, side[0] AS s, side[1] AS prefecture, gap_hours
RETURN pair_id, psn_no, s.fixmedins_code AS fixmedins_code, prefecture, left(s.insuplc_admdvs, 4) AS home,
       s.setl_time AS t, gap_hours, s._key AS row_key, s._src_file AS src_file, s._src_line AS src_line,
       s._key AS setl_id
ORDER BY pair_id, t, row_key
