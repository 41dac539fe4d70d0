"""Governance's pages, one module per subject; each module lists its own ``urlpatterns`` (gathered in
``governance/urls.py``). Views are thin: they check a declared permission, call a service and render."""
