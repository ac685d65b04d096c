"""Challenge API routes, mounted under /api/v1/ in the `api` namespace (see the root URLconf)."""

from django.urls import path

from network_animation.api import converters  # noqa: F401  # registers the `api_id` path converter

from . import coaching_days, views

urlpatterns = [
    path("challenges/", views.ChallengeListApi.as_view(), name="challenge-list"),
    path("challenges/<api_id:pk>/", views.ChallengeDetailApi.as_view(), name="challenge-detail"),
    path(
        "challenges/<api_id:pk>/leaderboard/",
        views.ChallengeLeaderboardApi.as_view(),
        name="challenge-leaderboard",
    ),
    path("label-awards/", views.LabelAwardListApi.as_view(), name="label-award-list"),
    path("coaching/days/", coaching_days.CoachingDayListApi.as_view(), name="coaching-day-list"),
]
