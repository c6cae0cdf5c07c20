"""Tests of graphfraud: rings."""
