// name: existing_keys
// mode: read
// purpose: which of the given row keys of one input table are stored already (the loader skips
//          them). Entity rows count only once their node carries the row (_load_id set), not when
//          the node exists because something referenced it. One branch per table, each an index
//          seek on its own label; the branches of the other tables unwind an empty list, so each
//          key costs one seek (a per-key subquery of every branch cost ~0.2 ms a key).
// params: table, keys
// returns: key
UNWIND CASE $table WHEN 'psn_info' THEN $keys ELSE [] END AS key
MATCH (n:Person {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'fixmedins' THEN $keys ELSE [] END AS key
MATCH (n:Institution {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'practitioner' THEN $keys ELSE [] END AS key
MATCH (n:Practitioner {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'drug_catalog' THEN $keys ELSE [] END AS key
MATCH (n:Drug {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'mdtrt_d' THEN $keys ELSE [] END AS key
MATCH (n:Visit {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'setl_d' THEN $keys ELSE [] END AS key
MATCH (n:Claim {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'fee_list_d' THEN $keys ELSE [] END AS key
MATCH (n:FeeLine {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'inv_purc' THEN $keys ELSE [] END AS key
MATCH (n:Purchase {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'inv_sale' THEN $keys ELSE [] END AS key
MATCH (n:Sale {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'inv_stock' THEN $keys ELSE [] END AS key
MATCH (n:StockTake {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'rule_hits' THEN $keys ELSE [] END AS key
MATCH (n:RuleHit {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'report_lead' THEN $keys ELSE [] END AS key
MATCH (n:Lead {_key: key}) WHERE n._load_id IS NOT NULL
RETURN n._key AS key
UNION ALL
UNWIND CASE $table WHEN 'psn_ident' THEN $keys ELSE [] END AS key
MATCH (:Person)-[r:HAS_IDENTIFIER {_key: key}]->(:Identifier)
RETURN r._key AS key
