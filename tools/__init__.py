"""The project's own tools: set-up scripts, the stable-link list, the benchmark, and what they share with the tests."""
