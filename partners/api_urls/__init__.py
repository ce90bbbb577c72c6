"""The partners app's API routes: directory and console (api_urls.directory), orders (api_urls.orders)."""

from partners.api_urls.directory import urlpatterns as directory_urls
from partners.api_urls.orders import urlpatterns as order_urls

urlpatterns = directory_urls + order_urls
