"""graphfraud's tests: one package, so modules of the same name in different folders never collide."""
