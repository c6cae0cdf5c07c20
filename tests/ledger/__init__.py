"""Tests of graphfraud: ledger."""
