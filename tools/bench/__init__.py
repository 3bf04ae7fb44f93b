"""The benchmark of the rupture guide (``make bench``): ``benchmark.py`` is its entry point, and
each other module here does one job for it (see ``benchmark.py``'s docstring for what is measured)."""
