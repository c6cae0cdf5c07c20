// name: psn_ident
// mode: write
// purpose: identifiers linked to persons (phone, address, bank account, device...): each row is a
//          HAS_IDENTIFIER relationship carrying the row's columns, so persons sharing a value meet
//          at one :Identifier node. The same link from psn_info.tel stays one relationship.
// params: rows
// returns: inserted (rows new to the graph)
UNWIND $rows AS row
MERGE (p:Person {_key: row.psn_no})
MERGE (i:Identifier {_key: row.ident_type + ':' + row.ident_value})
MERGE (p)-[r:HAS_IDENTIFIER]->(i)
WITH r, row WHERE r._load_id IS NULL
SET r += row
RETURN count(r) AS inserted
