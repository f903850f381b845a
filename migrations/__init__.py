"""Alembic's migration chain, installed with tracker as ``tracker.migrations``.

``tracker db upgrade`` finds this folder through ``importlib.resources``; from a checkout,
``alembic -c migrations/alembic.ini upgrade head`` works too.
"""
