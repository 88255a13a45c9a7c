"""The rollup of the dashboards' figures, kept by beat (rollups.py): one row per school year, region and
theme, holding every figure of that group of networks. Written only by `rollups.refresh` (an upsert on the
unique key); a definition that changes makes the rows stale until the next refresh or `manage.py
rebuild_dashboard_figures`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL = 0  # region or theme: every one


class FigureCell(models.Model):
    year_key = models.CharField(_("school year"), max_length=40)  # SchoolYear.key
    region_id = models.PositiveBigIntegerField(_("region"), default=ALL)  # ALL, or a Region's id
    theme_id = models.PositiveBigIntegerField(_("theme"), default=ALL)  # ALL, or a Theme's id
    values = models.JSONField(_("figures"))  # {figure name: value} (dashboards/cells.py)
    # The definitions the values were computed with (rollups.fingerprint): others make the row stale.
    fingerprint = models.CharField(max_length=64)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("figures of a group of networks")
        verbose_name_plural = _("figures of groups of networks")
        constraints = [
            models.UniqueConstraint(fields=["year_key", "region_id", "theme_id"], name="dashboards_one_cell_per_group")
        ]

    def __str__(self):
        return f"{self.year_key} region {self.region_id or 'all'} theme {self.theme_id or 'all'}"
