"""Tests of graphfraud: benchmarking."""
