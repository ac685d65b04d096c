from django.apps import AppConfig


class MicrolearningConfig(AppConfig):
    name = "microlearning"
