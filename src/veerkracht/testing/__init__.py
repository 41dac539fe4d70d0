"""Generators of test and benchmark data, shared by ``tests/`` and ``bench/``.

They live in the package (not in ``tests/`` or ``bench/``) so that both import them the ordinary way,
without editing ``sys.path``, wherever Veerkracht is installed. Nothing in the product imports them;
they depend only on what the product depends on (numpy).
"""
