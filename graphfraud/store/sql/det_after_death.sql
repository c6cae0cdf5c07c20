-- name: det_after_death
-- purpose: settlements of persons whose visit began after their recorded death (+ $grace_days).
--          The visit's begntime is the service time; a stay begun before death and settled later
--          is not a hit. Without a visit row the settlement time stands in. Valid, non-refund only.
-- params: $grace_days
-- returns: psn_no, fixmedins_code, death_date, service_time, row_key, src_file, src_line, setl_id, med_type
SELECT s.psn_no, s.fixmedins_code, p.death_date, coalesce(v.begntime, s.setl_time) AS service_time,
       s._key AS row_key, s._src_file AS src_file, s._src_line AS src_line, s._key AS setl_id, s.med_type
FROM setl_d s JOIN psn_info p ON p.psn_no = s.psn_no
LEFT JOIN mdtrt_d v ON v._key = s.mdtrt_id
WHERE s.vali_flag = 1 AND s.refd_setl_flag = 0 AND p.death_date IS NOT NULL
  AND epoch(coalesce(v.begntime, s.setl_time)) > epoch(p.death_date) + CAST($grace_days AS INTEGER) * 86400
ORDER BY psn_no, service_time, row_key;
