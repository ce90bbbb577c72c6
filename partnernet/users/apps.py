from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "partnernet.users"
    label = "users"
    verbose_name = "Users and seller accounts"

    def ready(self):
        from partnernet.users import signals  # noqa: F401 (connects the security log receivers)
