// name: count_relationships
// mode: read
// purpose: relationships per type of the property graph; each branch is answered from the count store.
// params: none
// returns: type, n
MATCH ()-[r:HAS_IDENTIFIER]->() RETURN 'HAS_IDENTIFIER' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:LEGAL_REP]->() RETURN 'LEGAL_REP' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:WORKS_AT]->() RETURN 'WORKS_AT' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:HAD_VISIT]->() RETURN 'HAD_VISIT' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:AT]->() RETURN 'AT' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:ATTENDED_BY]->() RETURN 'ATTENDED_BY' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:SETTLED]->() RETURN 'SETTLED' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:FOR_VISIT]->() RETURN 'FOR_VISIT' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:HAS_LINE]->() RETURN 'HAS_LINE' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:OF_DRUG]->() RETURN 'OF_DRUG' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:PRESCRIBED_BY]->() RETURN 'PRESCRIBED_BY' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:HAS_TRACE]->() RETURN 'HAS_TRACE' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:PURCHASED]->() RETURN 'PURCHASED' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:SOLD]->() RETURN 'SOLD' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:TO_PERSON]->() RETURN 'TO_PERSON' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:FOR_CLAIM]->() RETURN 'FOR_CLAIM' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:TOOK_STOCK]->() RETURN 'TOOK_STOCK' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:FLAGS]->() RETURN 'FLAGS' AS type, count(r) AS n
UNION ALL
MATCH ()-[r:ABOUT]->() RETURN 'ABOUT' AS type, count(r) AS n
