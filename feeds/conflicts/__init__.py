"""Conflict packs, one folder each, installed with tracker as ``tracker.packs``.

``tracker.conflict`` finds them through ``importlib.resources``; docs/conflict-packs.md
says how to write one.
"""
