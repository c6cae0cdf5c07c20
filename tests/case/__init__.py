"""Tests of graphfraud: case."""
