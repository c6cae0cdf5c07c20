"""Tests of graphfraud: contract."""
