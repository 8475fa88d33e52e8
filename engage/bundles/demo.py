"""Demo bundles, decisions and projects (filled in below)."""
