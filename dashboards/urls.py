from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("dashboards/", views.national, name="national"),
    path("dashboards/regions/<slug:slug>/", views.region, name="region"),
    path("dashboards/networks/", views.networks, name="networks"),
    path("dashboards/definitions/", views.glossary, name="glossary"),
    path("dashboards/regions.csv", views.regions_csv, name="regions_csv"),
    path("dashboards/networks.csv", views.networks_csv, name="networks_csv"),
    path("dashboards/figures.json", views.figures_json, name="figures_json"),
]
