"""Dynamic governance (part d): objectives and indicators, and the decision log.

The two engines are pure (no Django): ``veerkracht.governance.indicators`` (status of objectives and
indicators) and ``veerkracht.governance.chain`` (the hash-chained decision log).
"""
