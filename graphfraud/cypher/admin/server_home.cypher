// name: server_home
// mode: read
// purpose: the server's home directory, so `neo4j push --bulk` can check it is a tools/neo4j server on
//          this machine (its launcher runs the import tool there) before it stops anything.
// params: none
// returns: home
SHOW SETTINGS YIELD name, value
WHERE name = 'server.directories.neo4j_home'
RETURN value AS home
