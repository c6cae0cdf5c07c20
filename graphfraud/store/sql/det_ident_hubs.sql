-- name: det_ident_hubs
-- purpose: identifiers shared by more than $max_persons persons ($pool_max for the $pool_types: devices
--          and accounts a broker holds cards on): the super-nodes the shared-identifier detector
--          refuses to treat as links (a hospital switchboard, a nursing-home address).
-- params: $max_persons, $pool_types, $pool_max
-- returns: ident_type, ident_value, persons
WITH held AS (
    SELECT ident_type, ident_value, psn_no FROM psn_ident WHERE ident_value IS NOT NULL AND psn_no IS NOT NULL
    UNION SELECT 'tel', tel, psn_no FROM psn_info WHERE tel IS NOT NULL
    UNION SELECT 'addr', addr, psn_no FROM psn_info WHERE addr IS NOT NULL
    UNION SELECT 'certno', certno, psn_no FROM psn_info WHERE certno IS NOT NULL
)
SELECT ident_type, ident_value, count(DISTINCT psn_no) AS persons FROM held
GROUP BY ident_type, ident_value
HAVING count(DISTINCT psn_no) > CASE WHEN ident_type IN (SELECT unnest($pool_types)) THEN $pool_max ELSE $max_persons END
ORDER BY ident_type, ident_value;
