// name: det_after_death
// mode: read
// purpose: settlements of persons whose visit began after their recorded death (+ $grace_days).
//          The visit's begntime is the service time; a stay begun before death and settled later
//          is not a hit. Without a visit row the settlement time stands in. Valid, non-refund only.
// params: $grace_days
// returns: psn_no, fixmedins_code, death_date, service_time, row_key, src_file, src_line, setl_id, med_type
MATCH (p:Person)-[:SETTLED]->(c:Claim)
WHERE p.death_date IS NOT NULL AND c.vali_flag = 1 AND c.refd_setl_flag = 0
OPTIONAL MATCH (c)-[:FOR_VISIT]->(v:Visit)
WITH p, c, coalesce(v.begntime, c.setl_time) AS service_time
WHERE service_time > p.death_date + duration({days: $grace_days})
RETURN c.psn_no AS psn_no, c.fixmedins_code AS fixmedins_code, p.death_date AS death_date, service_time,
       c._key AS row_key, c._src_file AS src_file, c._src_line AS src_line, c._key AS setl_id, c.med_type AS med_type
ORDER BY psn_no, service_time, row_key
