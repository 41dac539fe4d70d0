"""The partner-network engine: pure Python on top of rustworkx (chosen by benchmark, see
``bench/RESULTS-network.md``). No Django and nothing of the project outside this package.

* :mod:`.model`: organisations and ties in, measures out (plain dataclasses, JSON round trip);
* :mod:`.measures`: degree, weighted degree, betweenness, components, density, density per year;
* :mod:`.layout`: a seeded spring layout (same input and seed → same positions);
* :mod:`.svg`: the picture as accessible SVG (title, desc, legend; colours as attributes).
"""

from __future__ import annotations

from .layout import layout
from .measures import compute, density, density_by_year
from .model import Measures, NodeMeasure, Org, Tie, YearDensity
from .svg import render_svg

__all__ = [
    "Measures",
    "NodeMeasure",
    "Org",
    "Tie",
    "YearDensity",
    "compute",
    "density",
    "density_by_year",
    "layout",
    "render_svg",
]
