"""Verb-named services of governance. Each module owns one subject: ``decisions`` (the log),
``objectives`` (agreement, measurements, imports), ``mandates`` (mandate, experimentation space, use,
escalations), ``council`` (information letters and subscriptions)."""
