"""Every figure the portal shows, defined once: its name, label, definition, unit and query.

The figures live in `definitions.py`; `registry.py` says what a figure is and how pages read it. The
lifecycle's health signals and the dashboards register theirs here too, so one number never gets two
definitions (Decidim #4405 is what happens otherwise).
"""
