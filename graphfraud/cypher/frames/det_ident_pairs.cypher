// name: det_ident_pairs
// mode: read
// purpose: pairs of persons linked by the identifiers they share, weighed in the database so only the
//          linked pairs come back. An identifier held by 2..$max_persons persons (2..$pool_max for the
//          $pool_types) weighs its type's weight ($type_weights as 'type=weight' texts, else
//          $default_type_weight), times $crowd_factor when $crowd_size or more persons hold it; a pair's
//          strength is the sum over what it shares, times $household_factor when one shared identifier
//          is of the $household_types; pairs at or above the lower of $min_weight and $weak_weight are
//          returned with both holders' rows of every identifier they share (the HAS_IDENTIFIER's
//          psn_ident row, else psn_info).
// params: $max_persons, $pool_types, $pool_max, $type_weights, $default_type_weight, $crowd_size, $crowd_factor, $household_types, $household_factor, $min_weight, $weak_weight
// returns: psn_a, psn_b, strength, ident_type, ident_value, psn_no, persons, table_name, row_key, src_file, src_line
MATCH (i:Identifier)<-[:HAS_IDENTIFIER]-(p:Person)
WITH i, count(DISTINCT p) AS persons, split(i._key, ':')[0] AS ident_type
WHERE persons >= 2 AND persons <= CASE WHEN ident_type IN $pool_types THEN $pool_max ELSE $max_persons END
WITH i, persons, ident_type,
     coalesce(head([t IN $type_weights WHERE split(t, '=')[0] = ident_type | toFloat(split(t, '=')[1])]),
              toFloat($default_type_weight))
       * CASE WHEN persons >= $crowd_size THEN toFloat($crowd_factor) ELSE 1.0 END AS type_weight
MATCH (a:Person)-[:HAS_IDENTIFIER]->(i)<-[:HAS_IDENTIFIER]-(b:Person)
WHERE a._key < b._key
WITH DISTINCT a, b, i, persons, ident_type, type_weight
WITH a, b, sum(type_weight) AS total, collect({i: i, persons: persons, ident_type: ident_type}) AS shared,
     max(CASE WHEN ident_type IN $household_types THEN 1 ELSE 0 END) AS household
WITH a, b, shared, total * CASE WHEN household = 1 THEN toFloat($household_factor) ELSE 1.0 END AS strength
WHERE strength >= CASE WHEN $weak_weight < $min_weight THEN $weak_weight ELSE $min_weight END
UNWIND shared AS s
UNWIND [a, b] AS p
WITH a, b, strength, s, p
MATCH (p)-[r:HAS_IDENTIFIER]->(ident) WHERE ident = s.i
WITH a, b, strength, s, p, r ORDER BY r._key IS NULL, r._key
WITH a, b, strength, s, p, head(collect(r)) AS r
WITH a, b, strength, s, p, r, r._key IS NOT NULL AS own_row
RETURN a._key AS psn_a, b._key AS psn_b, strength, s.ident_type AS ident_type,
       substring(s.i._key, size(s.ident_type) + 1) AS ident_value, p._key AS psn_no, s.persons AS persons,
       CASE WHEN own_row THEN 'psn_ident' ELSE 'psn_info' END AS table_name,
       CASE WHEN own_row THEN r._key ELSE p._key END AS row_key,
       CASE WHEN own_row THEN r._src_file ELSE p._src_file END AS src_file,
       CASE WHEN own_row THEN r._src_line ELSE p._src_line END AS src_line
ORDER BY psn_a, psn_b, ident_type, ident_value, psn_no
