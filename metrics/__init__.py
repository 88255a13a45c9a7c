"""Every figure the portal shows, defined once: its name, label, definition, unit and query.

The figures live in `definitions.py`; `registry.py` says what a figure is and how pages read it; the
signals behind a network's health (each with its label, definition, threshold and advice) live in
`health.py`. The dashboards add their figures here too, so one number never gets two definitions
(Decidim #4405 is what happens otherwise).
"""
