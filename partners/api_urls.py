from partners.api_urls_directory import urlpatterns as directory_urls
from partners.api_urls_orders import urlpatterns as order_urls

urlpatterns = directory_urls + order_urls
