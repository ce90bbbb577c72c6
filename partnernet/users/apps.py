from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "partnernet.users"
    label = "users"
    verbose_name = "Users and seller accounts"
