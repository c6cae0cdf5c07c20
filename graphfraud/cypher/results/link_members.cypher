// name: link_members
// mode: write
// purpose: (:Ring)-[:HAS_MEMBER {role, score}]->(member) from the ring_members rows, so a ring opens
//          in Bloom or Browser onto its persons, institutions and doctors. Old links are replaced.
// params: links
// returns: linked
OPTIONAL MATCH (:Ring)-[old:HAS_MEMBER]->()
DELETE old
WITH count(*) AS cleared
UNWIND $links AS link
MATCH (ring:Ring {ring_id: link.ring_id})
MATCH (m) WHERE elementId(m) = link.eid
MERGE (ring)-[h:HAS_MEMBER]->(m)
SET h.role = link.role, h.score = link.score
RETURN count(h) AS linked
