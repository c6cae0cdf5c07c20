// name: count_all
// mode: read
// purpose: how many nodes of any label the database holds (from the count store): a bulk import
//          replaces the whole database, so it refuses a non-empty one unless told to replace it.
// params: none
// returns: n
MATCH (n)
RETURN count(n) AS n
