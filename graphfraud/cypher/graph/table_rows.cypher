// name: table_rows
// mode: read
// purpose: the stored rows of one input table, as property maps (store.table): event nodes, entity
//          nodes that carry a row (_load_id set), and psn_ident rows kept on HAS_IDENTIFIER.
// params: table
// returns: row (map of the row's columns, _key, _src_file, _src_line, _load_id)
CALL {
  WITH $table AS t WITH t WHERE t = 'psn_info'
  MATCH (n:Person) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'fixmedins'
  MATCH (n:Institution) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'practitioner'
  MATCH (n:Practitioner) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'drug_catalog'
  MATCH (n:Drug) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'mdtrt_d'
  MATCH (n:Visit) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'setl_d'
  MATCH (n:Claim) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'fee_list_d'
  MATCH (n:FeeLine) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'inv_purc'
  MATCH (n:Purchase) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'inv_sale'
  MATCH (n:Sale) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'inv_stock'
  MATCH (n:StockTake) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'rule_hits'
  MATCH (n:RuleHit) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'report_lead'
  MATCH (n:Lead) WHERE n._load_id IS NOT NULL
  RETURN properties(n) AS row
  UNION ALL
  WITH $table AS t WITH t WHERE t = 'psn_ident'
  MATCH (:Person)-[r:HAS_IDENTIFIER]->(:Identifier) WHERE r._load_id IS NOT NULL
  RETURN properties(r) AS row
}
RETURN row
