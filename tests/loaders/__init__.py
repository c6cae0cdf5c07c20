"""Tests of graphfraud: loaders."""
