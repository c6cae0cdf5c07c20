// name: indexes
// mode: write
// purpose: indexes for the joins that link event rows arriving in any order (a fee line before its
//          claim, a claim before its visit), for psn_ident rows stored on HAS_IDENTIFIER, and for
//          result collections.
// params: none
// returns: nothing
CREATE INDEX fee_line_setl_id IF NOT EXISTS FOR (n:FeeLine) ON (n.setl_id);
CREATE INDEX sale_setl_id IF NOT EXISTS FOR (n:Sale) ON (n.setl_id);
CREATE INDEX rule_hit_setl_id IF NOT EXISTS FOR (n:RuleHit) ON (n.setl_id);
CREATE INDEX rule_hit_mdtrt_id IF NOT EXISTS FOR (n:RuleHit) ON (n.mdtrt_id);
CREATE INDEX claim_mdtrt_id IF NOT EXISTS FOR (n:Claim) ON (n.mdtrt_id);
CREATE INDEX has_identifier_key IF NOT EXISTS FOR ()-[r:HAS_IDENTIFIER]-() ON (r._key);
CREATE INDEX result_rows IF NOT EXISTS FOR (n:ResultRow) ON (n._collection);
CREATE INDEX ring_id IF NOT EXISTS FOR (n:Ring) ON (n.ring_id)
