// name: det_person_addresses
// mode: read
// purpose: the registered address (psn_info.addr) of the given persons: patients of one doctor living
//          at one address are a nursing home's residents.
// params: $psn_nos
// returns: psn_no, addr
MATCH (p:Person) WHERE p._key IN $psn_nos AND p.addr IS NOT NULL
RETURN p._key AS psn_no, p.addr AS addr
ORDER BY psn_no
