"""Tests of graphfraud: detectors."""
