"""Bundles of ideas for the Innovation Unit, its decisions and the projects they start."""
