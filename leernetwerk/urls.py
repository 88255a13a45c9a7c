from django.contrib import admin
from django.urls import include, path

from members.forms import AdminLoginForm
from networks import views as network_views

from . import views

# The admin logs people in with our form, so its login is throttled like the portal's.
admin.site.login_form = AdminLoginForm
admin.site.site_header = admin.site.site_title = "Leernetwerken"

urlpatterns = [
    path("", network_views.my_networks, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("account/", include("members.urls")),
    path("mail/", include("mail.urls")),
    path("", include("networks.urls")),
    path("", include("meetings.urls")),
    path("", include("lifecycle.urls")),
    path("", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]
