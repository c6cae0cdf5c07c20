-- name: det_person_addresses
-- purpose: the registered address (psn_info.addr) of the given persons: patients of one doctor living
--          at one address are a nursing home's residents.
-- params: $psn_nos
-- returns: psn_no, addr
SELECT psn_no, addr FROM psn_info WHERE psn_no IN (SELECT unnest($psn_nos)) AND addr IS NOT NULL
ORDER BY psn_no;
