from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
