"""The communities' kind of data version (network_animation/data_versions.py): every service
that writes a thread, a post, a best practice or a moderation renews it, and the panels on the
core pages (best practices on a dealer's page, unanswered questions on a zone's) key on it."""

from network_animation.data_versions import register_data_kind

COMMUNITIES = register_data_kind("communities")
