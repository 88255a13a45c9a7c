"""What every admin page of ours shares."""

from django.contrib import admin

# The lookups that Django's own list filters and date drill-down put in the query string.
FILTER_LOOKUPS = {"", "exact", "isnull", "in", "gte", "gt", "lte", "lt", "year", "month", "day"}


class OfferedFiltersOnly:
    """Accept in the query string only the filters the page offers (its list_filter and date_hierarchy).

    Django's admin accepts a lookup on any field of the model (`?calendar_token__startswith=a`), so whoever
    may view a list can probe, one character at a time, what the page never shows: a calendar-feed token,
    an invitation's nonce, a note's text. A bad regular expression there also ended in a 500. Anything not
    offered is refused (400).
    """

    def _offered_fields(self):
        fields = [self.date_hierarchy] if self.date_hierarchy else []
        for entry in self.list_filter:
            name = entry[0] if isinstance(entry, (tuple, list)) else entry
            if isinstance(name, str):  # a SimpleListFilter class handles its own parameter
                fields.append(name)
        return fields

    def lookup_allowed(self, lookup, value, request=None):
        simple_filters = {
            entry.parameter_name
            for entry in self.list_filter
            if isinstance(entry, type) and hasattr(entry, "parameter_name")
        }
        if lookup in simple_filters:  # a SimpleListFilter's own parameter, which it checks itself
            return True
        for field in self._offered_fields():
            if lookup == field or lookup.startswith(field + "__"):
                rest = lookup[len(field) :].lstrip("_")
                rest = rest.removeprefix("id__") if rest != "id" else ""  # a relation filters on its key
                if rest in FILTER_LOOKUPS:
                    return super().lookup_allowed(lookup, value, request)
        return False


class ModelAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    """Our base for admin pages."""
