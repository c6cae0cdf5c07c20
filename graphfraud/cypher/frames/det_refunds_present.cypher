// name: det_refunds_present
// mode: read
// purpose: whether the data holds any refund settlement: without them an export cannot say a sale was
//          never refunded.
// params: none
// returns: refunds
OPTIONAL MATCH (c:Claim) WHERE c.refd_setl_flag = 1
WITH c LIMIT 1
RETURN c IS NOT NULL AS refunds
