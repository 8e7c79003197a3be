"""The site checks use the shared fixtures of tests/conftest.py (one build, one server, one Chromium).

Their helpers (sitetools, sitelib) and the hooks' jol_site are found through ``pythonpath`` in pyproject.toml.
"""
