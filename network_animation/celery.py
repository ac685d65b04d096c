import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_animation.settings.base")

app = Celery("network_animation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def setup_periodic_tasks(sender: Celery, **kwargs) -> None:
    from .scheduled import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
