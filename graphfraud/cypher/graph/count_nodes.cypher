// name: count_nodes
// mode: read
// purpose: nodes per label of the property graph; each branch is answered from the count store.
// params: none
// returns: label, n
MATCH (n:Person) RETURN 'Person' AS label, count(n) AS n
UNION ALL
MATCH (n:Institution) RETURN 'Institution' AS label, count(n) AS n
UNION ALL
MATCH (n:Practitioner) RETURN 'Practitioner' AS label, count(n) AS n
UNION ALL
MATCH (n:Drug) RETURN 'Drug' AS label, count(n) AS n
UNION ALL
MATCH (n:Visit) RETURN 'Visit' AS label, count(n) AS n
UNION ALL
MATCH (n:Claim) RETURN 'Claim' AS label, count(n) AS n
UNION ALL
MATCH (n:FeeLine) RETURN 'FeeLine' AS label, count(n) AS n
UNION ALL
MATCH (n:Purchase) RETURN 'Purchase' AS label, count(n) AS n
UNION ALL
MATCH (n:Sale) RETURN 'Sale' AS label, count(n) AS n
UNION ALL
MATCH (n:StockTake) RETURN 'StockTake' AS label, count(n) AS n
UNION ALL
MATCH (n:Identifier) RETURN 'Identifier' AS label, count(n) AS n
UNION ALL
MATCH (n:TraceCode) RETURN 'TraceCode' AS label, count(n) AS n
UNION ALL
MATCH (n:RuleHit) RETURN 'RuleHit' AS label, count(n) AS n
UNION ALL
MATCH (n:Lead) RETURN 'Lead' AS label, count(n) AS n
