"""A catalogue item's rule as one SQL condition over the enterprise tables (reach, outreach)."""
