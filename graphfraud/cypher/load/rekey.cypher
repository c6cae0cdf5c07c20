// name: rekey
// mode: write
// purpose: give rows of a composite-key input table their unambiguous key (key format 2, see
//          graphfraud/loaders/keys.py): each change names the old and the new key. One branch per
//          table so each is an index seek on its own label.
// params: table, changes
// returns: changed
UNWIND $changes AS change
CALL {
  WITH change
  WITH change WHERE $table = 'inv_purc'
  MATCH (n:Purchase {_key: change.old})
  SET n._key = change.new
  RETURN count(n) AS c
  UNION ALL
  WITH change
  WITH change WHERE $table = 'inv_stock'
  MATCH (n:StockTake {_key: change.old})
  SET n._key = change.new
  RETURN count(n) AS c
  UNION ALL
  WITH change
  WITH change WHERE $table = 'psn_ident'
  MATCH (:Person)-[r:HAS_IDENTIFIER {_key: change.old}]->(:Identifier)
  SET r._key = change.new
  RETURN count(r) AS c
}
RETURN sum(c) AS changed
