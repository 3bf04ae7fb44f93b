"""Helpers shared by the tests and the benchmark. Test modules import these, never each other."""
