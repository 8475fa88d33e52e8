"""Reports for the Innovation Unit: engagement figures, charts, exports and open data."""
