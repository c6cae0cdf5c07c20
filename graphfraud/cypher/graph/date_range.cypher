// name: date_range
// mode: read
// purpose: first and last settlement time over every stored claim.
// params: none
// returns: first, last
MATCH (c:Claim)
RETURN min(c.setl_time) AS first, max(c.setl_time) AS last
