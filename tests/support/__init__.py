"""Helpers the test modules share. Test modules import these, never each other."""
