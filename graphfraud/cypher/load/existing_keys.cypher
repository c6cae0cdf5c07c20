// name: existing_keys
// mode: read
// purpose: which of the given row keys of one input table are stored already (the loader skips
//          them). Entity rows count only once their node carries the row (_load_id set), not when
//          the node exists because something referenced it. One branch per table so each is an
//          index seek on its own label.
// params: table, keys
// returns: key
UNWIND $keys AS key
CALL {
  WITH key
  WITH key WHERE $table = 'psn_info'
  MATCH (n:Person {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'fixmedins'
  MATCH (n:Institution {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'practitioner'
  MATCH (n:Practitioner {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'drug_catalog'
  MATCH (n:Drug {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'mdtrt_d'
  MATCH (n:Visit {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'setl_d'
  MATCH (n:Claim {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'fee_list_d'
  MATCH (n:FeeLine {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'inv_purc'
  MATCH (n:Purchase {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'inv_sale'
  MATCH (n:Sale {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'inv_stock'
  MATCH (n:StockTake {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'rule_hits'
  MATCH (n:RuleHit {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'report_lead'
  MATCH (n:Lead {_key: key}) WHERE n._load_id IS NOT NULL
  RETURN n._key AS found
  UNION ALL
  WITH key
  WITH key WHERE $table = 'psn_ident'
  MATCH (:Person)-[r:HAS_IDENTIFIER {_key: key}]->(:Identifier)
  RETURN r._key AS found
}
RETURN found AS key
