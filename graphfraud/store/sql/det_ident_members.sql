-- name: det_ident_members
-- purpose: persons holding identifiers (psn_ident, psn_info.tel/addr/certno) that 2..$max_persons
--          persons share (2..$pool_max for the $pool_types); identifiers held by more persons are super-nodes (det_ident_hubs).
--          One row per person and identifier: the psn_ident row when there is one, else psn_info.
-- params: $max_persons, $pool_types, $pool_max
-- returns: ident_type, ident_value, psn_no, persons, table_name, row_key, src_file, src_line
WITH held AS (
    SELECT ident_type, ident_value, psn_no, 'psn_ident' AS table_name, _key AS row_key, _src_file AS src_file,
           _src_line AS src_line, 0 AS pref FROM psn_ident WHERE ident_value IS NOT NULL AND psn_no IS NOT NULL
    UNION ALL SELECT 'tel', tel, psn_no, 'psn_info', _key, _src_file, _src_line, 1 FROM psn_info WHERE tel IS NOT NULL
    UNION ALL SELECT 'addr', addr, psn_no, 'psn_info', _key, _src_file, _src_line, 1 FROM psn_info WHERE addr IS NOT NULL
    UNION ALL SELECT 'certno', certno, psn_no, 'psn_info', _key, _src_file, _src_line, 1 FROM psn_info WHERE certno IS NOT NULL
), sized AS (
    SELECT ident_type, ident_value, count(DISTINCT psn_no) AS persons FROM held GROUP BY ALL
    HAVING count(DISTINCT psn_no) BETWEEN 2
       AND CASE WHEN ident_type IN (SELECT unnest($pool_types)) THEN $pool_max ELSE $max_persons END
)
SELECT DISTINCT ON (h.ident_type, h.ident_value, h.psn_no) h.ident_type, h.ident_value, h.psn_no, s.persons,
       h.table_name, h.row_key, h.src_file, h.src_line
FROM held h JOIN sized s USING (ident_type, ident_value)
ORDER BY h.ident_type, h.ident_value, h.psn_no, h.pref, h.row_key;
