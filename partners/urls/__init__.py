"""The partners app's pages: directory and console (urls.directory), orders (urls.orders)."""

from partners.urls.directory import urlpatterns as directory_urls
from partners.urls.orders import urlpatterns as order_urls

app_name = "partners"

urlpatterns = directory_urls + order_urls
