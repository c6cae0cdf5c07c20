// name: find_nodes
// mode: read
// purpose: the graph nodes behind node IDs ("Label:key"; Identifier keys hold a colon themselves):
//          one index seek on the ID's label, so every later step can work from element IDs.
// params: ids
// returns: id, eid (elementId of the node)
UNWIND $ids AS id
WITH id, split(id, ':')[0] AS label
WITH id, label, substring(id, size(label) + 1) AS key
CALL {
  WITH label, key
  WITH label, key WHERE label = 'Person'
  MATCH (n:Person {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Institution'
  MATCH (n:Institution {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Practitioner'
  MATCH (n:Practitioner {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Drug'
  MATCH (n:Drug {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Visit'
  MATCH (n:Visit {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Claim'
  MATCH (n:Claim {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'FeeLine'
  MATCH (n:FeeLine {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Purchase'
  MATCH (n:Purchase {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Sale'
  MATCH (n:Sale {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'StockTake'
  MATCH (n:StockTake {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Identifier'
  MATCH (n:Identifier {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'TraceCode'
  MATCH (n:TraceCode {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'RuleHit'
  MATCH (n:RuleHit {_key: key})
  RETURN n
  UNION ALL
  WITH label, key
  WITH label, key WHERE label = 'Lead'
  MATCH (n:Lead {_key: key})
  RETURN n
}
RETURN id, elementId(n) AS eid
