-- name: det_ident_pairs
-- purpose: pairs of persons linked by the identifiers they share, weighed where the data lives so only
--          the linked pairs come back (not every holder of every shared identifier). An identifier held
--          by 2..$max_persons persons (2..$pool_max for the $pool_types) weighs its type's weight
--          ($type_weights as 'type=weight' texts, else $default_type_weight), times $crowd_factor when
--          $crowd_size or more persons hold it; a pair's strength is the sum over what it shares, times
--          $household_factor when one shared identifier is of the $household_types; pairs at or above
--          the lower of $min_weight and $weak_weight are returned with both holders' rows of every
--          identifier they share (the psn_ident row when there is one, else psn_info).
-- params: $max_persons, $pool_types, $pool_max, $type_weights, $default_type_weight, $crowd_size, $crowd_factor, $household_types, $household_factor, $min_weight, $weak_weight
-- returns: psn_a, psn_b, strength, ident_type, ident_value, psn_no, persons, table_name, row_key, src_file, src_line
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
), members AS (
    SELECT DISTINCT ON (h.ident_type, h.ident_value, h.psn_no) h.ident_type, h.ident_value, h.psn_no, s.persons,
           h.table_name, h.row_key, h.src_file, h.src_line
    FROM held h JOIN sized s USING (ident_type, ident_value)
    ORDER BY h.ident_type, h.ident_value, h.psn_no, h.pref, h.row_key
), weights AS (
    SELECT split_part(u, '=', 1) AS ident_type, CAST(split_part(u, '=', 2) AS DOUBLE) AS type_weight
    FROM (SELECT unnest($type_weights) AS u) AS listed
), households AS (
    SELECT unnest($household_types) AS ident_type
), weighted AS (
    SELECT m.ident_type, m.ident_value, m.psn_no,
           CAST(coalesce(w.type_weight, $default_type_weight) AS DOUBLE)
               * CASE WHEN m.persons >= $crowd_size THEN CAST($crowd_factor AS DOUBLE) ELSE 1.0 END AS type_weight,
           hh.ident_type IS NOT NULL AS household
    FROM members m LEFT JOIN weights w ON w.ident_type = m.ident_type
    LEFT JOIN households hh ON hh.ident_type = m.ident_type
), pairs AS (
    SELECT a.psn_no AS psn_a, b.psn_no AS psn_b, a.ident_type, a.ident_value, a.type_weight, a.household
    FROM weighted a JOIN weighted b
      ON a.ident_type = b.ident_type AND a.ident_value = b.ident_value AND a.psn_no < b.psn_no
), strong AS (
    SELECT psn_a, psn_b,
           sum(type_weight) * CASE WHEN max(CASE WHEN household THEN 1 ELSE 0 END) = 1
                                   THEN CAST($household_factor AS DOUBLE) ELSE 1.0 END AS strength
    FROM pairs GROUP BY psn_a, psn_b
), linked AS (
    SELECT p.psn_a, p.psn_b, s.strength, p.ident_type, p.ident_value
    FROM pairs p JOIN strong s ON s.psn_a = p.psn_a AND s.psn_b = p.psn_b
    WHERE s.strength >= least($min_weight, $weak_weight)
)
SELECT l.psn_a, l.psn_b, l.strength, m.ident_type, m.ident_value, m.psn_no, m.persons, m.table_name, m.row_key,
       m.src_file, m.src_line
FROM linked l JOIN members m
  ON m.ident_type = l.ident_type AND m.ident_value = l.ident_value AND (m.psn_no = l.psn_a OR m.psn_no = l.psn_b)
ORDER BY l.psn_a, l.psn_b, m.ident_type, m.ident_value, m.psn_no;
