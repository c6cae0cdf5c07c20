// name: constraints
// mode: write
// purpose: one uniqueness constraint per label on _key (the node ID is "Label:_key"), created before
//          any load so every MERGE is an index seek and two loads can never make twin nodes; plus
//          the load history and result collections.
// params: none
// returns: nothing
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT institution_key IF NOT EXISTS FOR (n:Institution) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT practitioner_key IF NOT EXISTS FOR (n:Practitioner) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT drug_key IF NOT EXISTS FOR (n:Drug) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT visit_key IF NOT EXISTS FOR (n:Visit) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT claim_key IF NOT EXISTS FOR (n:Claim) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT fee_line_key IF NOT EXISTS FOR (n:FeeLine) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT purchase_key IF NOT EXISTS FOR (n:Purchase) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT sale_key IF NOT EXISTS FOR (n:Sale) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT stock_take_key IF NOT EXISTS FOR (n:StockTake) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (n:Identifier) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT trace_code_key IF NOT EXISTS FOR (n:TraceCode) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT rule_hit_key IF NOT EXISTS FOR (n:RuleHit) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT lead_key IF NOT EXISTS FOR (n:Lead) REQUIRE n._key IS UNIQUE;
CREATE CONSTRAINT load_id IF NOT EXISTS FOR (n:Load) REQUIRE n.load_id IS UNIQUE;
CREATE CONSTRAINT result_collection IF NOT EXISTS FOR (n:ResultCollection) REQUIRE n.name IS UNIQUE;
