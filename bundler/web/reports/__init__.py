"""Reports for SEND managers: counts and sums across every team, as charts with tables, CSV and .xlsx."""
