"""The build side of the site: what the MkDocs hooks in ``guide/`` use, and nothing the browser runs.

- ``paths``: where things are, shared by every hook;
- ``common``: links, lists of steps and phrasings, shared by the generated pages;
- ``pathways``, ``handout``: the pages generated from the tree;
- ``scenarios``: the training scenarios, read from ``docs/guide/scenarios.toml``, checked and rendered;
- ``diagram``: the SVG diagram of the questions;
- ``container``: the guide's element, with the first question pre-rendered.
- ``warm_up``: the views the engine's worker warms up on, derived from the tree.

None of it is in the engine's wheel: the wheel ships only what the browser and the
command line run (``src/decision_tree/``).
"""
