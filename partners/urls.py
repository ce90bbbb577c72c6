"""The partners app's pages: directory and console (urls_directory), orders (urls_orders)."""

from partners.urls_directory import urlpatterns as directory_urls
from partners.urls_orders import urlpatterns as order_urls

app_name = "partners"

urlpatterns = directory_urls + order_urls
