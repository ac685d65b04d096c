import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ..user_cache import SESSION_HASH_ATTRIBUTE, users_forget

# First path segments the platform uses itself: a tenant's pages live at /<slug>/.
RESERVED_SLUGS = frozenset({"accounts", "admin", "api", "i18n", "static", "media"})


def validate_tenant_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved by the platform."))


class Tenant(models.Model):
    """A brand and its distribution network. Every tenant-owned row points here."""

    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, validators=[validate_tenant_slug]
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")

    def __str__(self) -> str:
        return self.name


class TenantOwnedModel(models.Model):
    """Base of every tenant-owned model.

    The default manager fails closed: outside `django_scopes.scope(tenant=...)` a query raises
    `ScopeError` instead of returning every tenant's rows.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(tenant="tenant")

    class Meta:
        abstract = True


class UserQuerySet(models.QuerySet["User"]):
    def update(self, **kwargs: Any) -> int:
        """People updated in bulk are forgotten by the cache too, as saved ones are
        (user_cache.py)."""
        changed = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        users_forget(changed)
        return count


class EmailUserManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    # Email first, where Django's manager takes the username first: people sign in with it.
    def create_user(  # type: ignore[override]  # email first
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra_fields)

    def create_superuser(  # type: ignore[override]  # email first
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("username", email)
        return super().create_superuser(email=email, password=password, **extra_fields)


class User(AbstractUser):
    """A person. They sign in with their email and may belong to several tenants."""

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, default="fr", choices=[("fr", "Français"), ("en", "English")]
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects: ClassVar[EmailUserManager] = EmailUserManager()  # email-first creation

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_session_auth_hash(self) -> str:
        # Read from the cache, a person carries the hash instead of their password's hash
        # (user_cache.py); once their password is loaded or set, it is the password's again.
        cached = self.__dict__.get(SESSION_HASH_ATTRIBUTE)
        if cached is not None and "password" not in self.__dict__:
            return str(cached)
        return super().get_session_auth_hash()


class ServiceToken(TenantOwnedModel):
    """An API key for a tenant's systems (the manufacturer's DMS, a BI tool).

    Only a digest is stored: the key is shown once, when it is created.
    """

    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(max_length=8)
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("service token")
        verbose_name_plural = _("service tokens")
        indexes = [models.Index(fields=["tenant", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
